package io.modelhouse.mail;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.modelhouse.common.Dates;
import io.modelhouse.common.PageLocale;
import io.modelhouse.common.Pages;
import io.modelhouse.common.SignupMessages;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The public trial request's mail: the single-use link that verifies the address. */
@ApplicationScoped
public class SignupMails {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance verification(String name, String company, String link, String until);
    }

    public static final String VERIFY = "trial-verify";

    @Inject
    Outbox outbox;

    /** Written to the outbox in the caller's transaction; it has no tenant yet ({@link #attach} gives it one). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void verification(String to, String name, String company, String localeTag, String link, Instant until) {
        Locale locale = PageLocale.of(localeTag);
        SignupMessages words = PageLocale.signup(locale);
        String html = Pages.render(Templates.verification(name, company, link,
                Dates.minutes("Asia/Shanghai").format(until) + " (UTC+8)"), locale);
        outbox.keep(null, VERIFY, to, name, locale, words.su_mail_subject(company), html);
    }

    /** A verified person's verification mails join their tenant, so that its purge removes them too. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void attach(String to, UUID tenantId) {
        OutboxMail.update("tenantId = ?1 where tenantId is null and kind = ?2 and lower(toAddress) = lower(?3)", tenantId,
                VERIFY, to);
    }
}
