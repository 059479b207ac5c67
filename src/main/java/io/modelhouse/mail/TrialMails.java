package io.modelhouse.mail;

import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.Texts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The mails of a trial, in the prospect's language (Chinese unless the template says otherwise):
 * the invitation (login link, company, role, what to try first) and the expiry warnings.
 */
@ApplicationScoped
public class TrialMails {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance invitation(Texts t, Invitation m);

        static native TemplateInstance warning(Texts t, Warning m);
    }

    public record Invitation(String name, String company, String role, String username, String password, String loginUrl,
            String firstScenario, String expiresOn) {
    }

    public record Warning(String name, String company, long daysLeft, String expiresOn, String portalUrl) {
    }

    @Inject
    ModelhouseClock clock;

    @ConfigProperty(name = "modelhouse.mail.deliver", defaultValue = "false")
    boolean deliver;
    @ConfigProperty(name = "modelhouse.public-url")
    String publicUrl;

    public void invitation(UUID tenant, String to, Locale locale, Invitation m) {
        Texts t = Texts.of(locale);
        keep(tenant, "invitation", to, m.name(), locale, t.format("mail.invitation.subject", m.company()),
                Templates.invitation(t, m).render());
    }

    public void warning(UUID tenant, String to, Locale locale, Warning m) {
        Texts t = Texts.of(locale);
        keep(tenant, "expiry-warning", to, m.name(), locale, t.format("mail.warning.subject", m.daysLeft(), m.company()),
                Templates.warning(t, m).render());
    }

    public String portalUrl() {
        return publicUrl + "/portal";
    }

    public static String date(java.time.Instant at, String zone, Locale locale) {
        return Texts.of(locale).date(at, zone);
    }

    private void keep(UUID tenant, String kind, String to, String name, Locale locale, String subject, String html) {
        QuarkusTransaction.joiningExisting().run(() -> {
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
            mail.status = deliver ? OutboxMail.Status.PENDING : OutboxMail.Status.KEPT;
            mail.attempts = 0;
            mail.createdAt = clock.now();
            mail.persist();
        });
    }
}
