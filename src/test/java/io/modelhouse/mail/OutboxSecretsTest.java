package io.modelhouse.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.modelhouse.common.SealedSecrets;
import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.Tenants;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** No one-time password is kept in clear: not in the outbox table, not on the outbox page; a delivered mail has it. */
@QuarkusTest
class OutboxSecretsTest {

    @Inject
    OutboxSender sender;
    @Inject
    MockMailbox mailbox;
    @Inject
    SealedSecrets secrets;
    @TestHTTPResource("/")
    URL root;

    @Test
    void invitationsKeepNoPasswordAndTheOutboxPageShowsNone() {
        var made = Tenants.logistics("密码保管物流");
        String[] boss = made.login("boss");
        var mails = QuarkusTransaction.requiringNew().call(
                () -> OutboxMail.<OutboxMail> list("tenantId = ?1 and kind = 'invitation'", UUID.fromString(made.id())));
        assertEquals(2, mails.size());
        for (OutboxMail m : mails) {
            assertFalse(m.bodyText.contains(boss[1]) || m.bodyHtml.contains(boss[1]), "a password in clear in the outbox");
            assertTrue(m.secretSealed != null && !m.secretSealed.contains(boss[1]), "kept mails hold it sealed only");
        }
        assertTrue(mails.stream().anyMatch(m -> m.bodyText.contains(boss[0])), "the mail still names the login");

        var admin = new BrowserSession();
        String page = admin.login(root.toString().replaceAll("/$", "") + "/admin/outbox", "admin", "admin").body();
        assertTrue(page.contains(boss[0]), "the outbox page lists the invitation");
        assertFalse(page.contains(boss[1]), "the outbox page showed a password");
    }

    @Test
    void aDeliveredMailCarriesItsPasswordAndTheOutboxForgetsIt() {
        mailbox.clear();
        String to = "sealed-" + System.nanoTime() + "@mail.example";
        String password = "Pw-" + UUID.randomUUID();
        Long id = QuarkusTransaction.requiringNew().call(() -> {
            OutboxMail m = new OutboxMail();
            m.kind = "invitation";
            m.toAddress = to;
            m.locale = "zh-CN";
            m.subject = "样板房已准备好";
            m.bodyHtml = "<p>密码 <code>" + TrialMails.PASSWORD_MASK + "</code></p>";
            m.bodyText = "密码 " + TrialMails.PASSWORD_MASK;
            m.secretSealed = secrets.seal(password);
            m.status = OutboxMail.Status.PENDING;
            m.createdAt = Instant.now();
            m.persist();
            return m.id;
        });
        sender.deliverPending();
        var sent = mailbox.getMailsSentTo(to);
        assertEquals(1, sent.size());
        assertTrue(sent.get(0).getText().contains(password) && sent.get(0).getHtml().contains(password),
                "the delivered mail has the password");
        OutboxMail after = QuarkusTransaction.requiringNew().call(() -> OutboxMail.<OutboxMail> findById(id));
        assertNull(after.secretSealed, "delivered: the sealed password is gone");
        assertFalse(after.bodyText.contains(password) || after.bodyHtml.contains(password));
    }
}
