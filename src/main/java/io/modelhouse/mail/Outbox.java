package io.modelhouse.mail;

import java.util.List;

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
}
