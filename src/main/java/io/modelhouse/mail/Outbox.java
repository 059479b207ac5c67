package io.modelhouse.mail;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/** The mail outbox: every mail Modelhouse writes goes in here (and out through {@link OutboxSender}). */
@ApplicationScoped
@Transactional
public class Outbox {

    @jakarta.inject.Inject
    io.modelhouse.common.ModelhouseClock clock;
    @jakarta.inject.Inject
    io.modelhouse.common.ModelhouseConfig config;

    /**
     * A mail written to the outbox in the caller's transaction, its plain text made from the HTML;
     * PENDING where mails are delivered, KEPT where they are not.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public OutboxMail keep(UUID tenant, String kind, String to, String name, java.util.Locale locale, String subject,
            String html) {
        OutboxMail mail = new OutboxMail();
        mail.tenantId = tenant;
        mail.kind = kind;
        mail.toAddress = to;
        mail.toName = name;
        mail.locale = locale.toLanguageTag();
        mail.subject = subject;
        mail.bodyHtml = html;
        mail.bodyText = html.replaceAll("(?s)<style.*?</style>", "").replaceAll("<br\\s*/?>|</p>|</li>|</h\\d>", "\n")
                .replaceAll("<[^>]+>", "").replaceAll("\n{3,}", "\n\n").trim();
        mail.status = config.mail().deliver() ? OutboxMail.Status.PENDING : OutboxMail.Status.KEPT;
        mail.attempts = 0;
        mail.createdAt = clock.now();
        mail.persist();
        return mail;
    }

    /** Newest first, filtered by recipient (exact, any case) and kind when given. */
    public List<OutboxMail> newest(String to, String kind, int limit) {
        StringBuilder q = new StringBuilder("1 = 1");
        java.util.Map<String, Object> p = new java.util.HashMap<>();
        if (to != null && !to.isBlank()) {
            q.append(" and lower(toAddress) = lower(:to)");
            p.put("to", to.strip());
        }
        if (kind != null && !kind.isBlank()) {
            q.append(" and kind = :kind");
            p.put("kind", kind.strip());
        }
        return OutboxMail.<OutboxMail> find(q.toString(), Sort.descending("createdAt", "id"), p).page(Page.ofSize(limit))
                .list();
    }

    public List<OutboxMail> newest(int limit) {
        return OutboxMail.<OutboxMail> findAll(Sort.descending("createdAt")).page(Page.ofSize(limit)).list();
    }

    /** A purged tenant's mails go: they name its people and their addresses. @return how many */
    public int forget(UUID tenantId) {
        return (int) OutboxMail.delete("tenantId", tenantId);
    }

    /** A purged tenant's mails forget the passwords they still hold sealed. */
    public void forgetSecrets(UUID tenantId) {
        OutboxMail.update("secretSealed = null where tenantId = ?1 and secretSealed is not null", tenantId);
    }
}
