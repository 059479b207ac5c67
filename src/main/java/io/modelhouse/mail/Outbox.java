package io.modelhouse.mail;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/** Reading the mail outbox. */
@ApplicationScoped
@Transactional
public class Outbox {

    public List<OutboxMail> newest(int limit) {
        return OutboxMail.<OutboxMail> findAll(Sort.descending("createdAt")).page(Page.ofSize(limit)).list();
    }

    /** A purged tenant's mails forget the passwords they still hold sealed. */
    /** A purged tenant's mails go: they name its people and their addresses. @return how many */
    public int forget(UUID tenantId) {
        return (int) OutboxMail.delete("tenantId", tenantId);
    }

    public void forgetSecrets(UUID tenantId) {
        OutboxMail.update("secretSealed = null where tenantId = ?1 and secretSealed is not null", tenantId);
    }
}
