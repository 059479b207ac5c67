package io.modelhouse.mail;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.modelhouse.common.Dates;
import io.modelhouse.common.Messages;
import io.modelhouse.common.PageLocale;
import io.modelhouse.common.Pages;
import io.modelhouse.common.SealedSecrets;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The mails of a trial, in the person's language: the invitation (login link, company, role, what
 * to try first) and the expiry warnings. Each is written to the outbox in the caller's transaction,
 * so a mail exists exactly when the change that caused it was committed.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class TrialMails {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance invitation(Invitation m, String expiresOn);

        static native TemplateInstance warning(Warning m, String expiresOn);

        static native TemplateInstance ask(Ask m, String expiresOn);
    }

    public record Invitation(String name, String company, String role, String username, String password, String loginUrl,
            String firstScenario, Instant expiresAt, String timeZone) {
    }

    public record Warning(String name, String company, long daysLeft, Instant expiresAt, String timeZone, String portalUrl) {
    }

    @Inject
    SealedSecrets secrets;
    @Inject
    Outbox outbox;

    /**
     * Where a mail's one-time password goes: the outbox keeps this mask in the bodies (what the
     * outbox page shows) and the password sealed beside them; the sender puts it in when it delivers.
     */
    public static final String PASSWORD_MASK = "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022";

    /**
     * The invitation. Its password is never stored in clear: the bodies hold a mask and the password
     * is sealed beside them until the mail is delivered (mails that are only kept, locally, keep it
     * sealed until their tenant is purged).
     */
    public void invitation(UUID tenant, String to, Locale locale, Invitation m) {
        Messages words = PageLocale.messages(locale);
        Invitation masked = m.password() == null ? m
                : new Invitation(m.name(), m.company(), m.role(), m.username(), PASSWORD_MASK, m.loginUrl(), m.firstScenario(),
                        m.expiresAt(), m.timeZone());
        OutboxMail mail = outbox.keep(tenant, "invitation", to, m.name(), locale, words.mail_invitation_subject(m.company()),
                Pages.render(Templates.invitation(masked, Dates.day(m.expiresAt(), m.timeZone(), locale)), locale));
        if (m.password() != null) {
            mail.secretSealed = secrets.seal(m.password());
        }
    }

    /** A prospect's ask (kind extension or contact), for the tenant's owner. */
    public record Ask(String kind, String company, String person, String role, Integer days, String message,
            Instant expiresAt, String timeZone) {
    }

    public void ask(UUID tenant, String to, Locale locale, Ask m) {
        Messages words = PageLocale.messages(locale);
        outbox.keep(tenant, "trial-ask", to, null, locale, "extension".equals(m.kind())
                ? words.mail_ask_extension_subject(m.company(), m.days())
                : words.mail_ask_contact_subject(m.company()),
                Pages.render(Templates.ask(m, Dates.day(m.expiresAt(), m.timeZone(), locale)), locale));
    }

    public void warning(UUID tenant, String to, Locale locale, Warning m) {
        Messages words = PageLocale.messages(locale);
        outbox.keep(tenant, "expiry-warning", to, m.name(), locale, words.mail_warning_subject(m.daysLeft(), m.company()),
                Pages.render(Templates.warning(m, Dates.day(m.expiresAt(), m.timeZone(), locale)), locale));
    }

}
