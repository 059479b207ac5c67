package io.modelhouse.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Mails: kept in the outbox locally; delivered through the mailer where delivery is on; in the person's language. */
@QuarkusTest
class OutboxSenderTest {

    @Inject
    OutboxSender sender;
    @Inject
    MockMailbox mailbox;

    @Test
    void pendingMailsAreDeliveredOnceAndMarkedSent() {
        mailbox.clear();
        String to = "pending-" + System.nanoTime() + "@mail.example";
        Long id = QuarkusTransaction.requiringNew().call(() -> {
            OutboxMail m = new OutboxMail();
            m.kind = "invitation";
            m.toAddress = to;
            m.locale = "zh-CN";
            m.subject = "样板房已准备好";
            m.bodyHtml = "<p>欢迎</p>";
            m.bodyText = "欢迎";
            m.status = OutboxMail.Status.PENDING;
            m.createdAt = Instant.now();
            m.persist();
            return m.id;
        });
        assertTrue(sender.deliverPending() >= 1);
        assertEquals(1, mailbox.getMailsSentTo(to).size());
        assertEquals(OutboxMail.Status.SENT,
                QuarkusTransaction.requiringNew().call(() -> OutboxMail.<OutboxMail> findById(id)).status);
        sender.deliverPending();
        assertEquals(1, mailbox.getMailsSentTo(to).size(), "never twice");
    }

    @Test
    void invitationsAreKeptLocallyInEachPersonsLanguage() {
        var made = Tenants.logistics("语言物流");
        var mails = QuarkusTransaction.requiringNew()
                .call(() -> OutboxMail.<OutboxMail> list("tenantId = ?1 and kind = 'invitation'",
                        UUID.fromString(made.id())));
        assertEquals(2, mails.size());
        mails.forEach(m -> assertEquals(OutboxMail.Status.KEPT, m.status, "local mode keeps mails"));
        assertTrue(mails.get(0).subject.contains("样板房已经准备好了"), mails.get(0).subject);

        var english = RestAssured.given().auth().oauth2(Tokens.presales())
                .contentType(ContentType.JSON)
                .body(Map.of("templateKey", "logistics", "company", "English Logistics Ltd", "contacts",
                        List.of(
                                Map.of("name", "Ada Lovelace", "email", "ada@en.example", "role", "boss", "locale",
                                        "en"))))
                .post("/api/tenants").then().statusCode(201).extract().<String> path("id");
        var en = QuarkusTransaction.requiringNew()
                .call(() -> OutboxMail.<OutboxMail> list("tenantId = ?1", UUID.fromString(english)));
        assertTrue(en.get(0).subject.startsWith("Your model house for English Logistics Ltd"), en.get(0).subject);
    }
}
