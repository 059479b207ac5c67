package io.modelhouse.lifecycle;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.identity.TrialAccount;
import io.modelhouse.mail.TrialMails;
import io.modelhouse.provisioning.TenantLifecycle;
import io.modelhouse.provisioning.TenantPurger;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantState;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The trial's promises, kept without people: warnings at 7, 3 and 1 days before the end (in the
 * tenant's time zone), expiry at expiresAt, purge after the grace period (never for CONVERTED
 * tenants). Each step is idempotent: a warning is recorded once per tenant and threshold, expiry
 * and purge check the state they change, so a re-run or a second node changes nothing.
 */
@ApplicationScoped
public class TrialClock {

    private static final Logger LOG = Logger.getLogger(TrialClock.class);
    public static final List<Integer> WARN_DAYS = List.of(1, 3, 7);

    @Inject
    TenantLifecycle lifecycle;
    @Inject
    TenantPurger purger;
    @Inject
    TrialMails mails;
    @Inject
    ModelhouseClock clock;
    @Inject
    EntityManager em;

    @ConfigProperty(name = "modelhouse.trial.grace", defaultValue = "P14D")
    Duration grace;

    /** Whole days left in the tenant's time zone: the date of the end minus today's date. */
    public static long daysLeft(Tenant t, java.time.Instant now) {
        ZoneId zone = ZoneId.of(t.timeZone);
        return java.time.temporal.ChronoUnit.DAYS.between(LocalDate.ofInstant(now, zone), LocalDate.ofInstant(t.expiresAt, zone));
    }

    @ActivateRequestContext
    public int sendWarnings() {
        var now = clock.now();
        List<Tenant> open = QuarkusTransaction.requiringNew().call(() -> Tenant.<Tenant> list("state in ?1 and expiresAt > ?2",
                List.of(TenantState.READY, TenantState.ACTIVE), now));
        int sent = 0;
        for (Tenant t : open) {
            long left = daysLeft(t, now);
            Integer threshold = WARN_DAYS.stream().filter(d -> left <= d).findFirst().orElse(null);
            if (threshold == null) {
                continue;
            }
            boolean first = QuarkusTransaction.requiringNew().call(() -> {
                int inserted = em.createNativeQuery("INSERT INTO expiry_warning (tenant_id, days_before, sent_at) VALUES (:t, :d, :at)"
                        + " ON CONFLICT DO NOTHING").setParameter("t", t.id).setParameter("d", threshold).setParameter("at", now)
                        .executeUpdate();
                if (inserted == 1) {
                    for (TrialAccount a : TrialAccount.<TrialAccount> list("tenantId = ?1 and state = ?2", t.id, TrialAccount.State.ACTIVE)) {
                        Locale locale = a.mailLocale();
                        mails.warning(t.id, a.email, locale, new TrialMails.Warning(a.name, t.company, Math.max(left, 0),
                                TrialMails.date(t.expiresAt, t.timeZone, locale), mails.portalUrl()));
                    }
                }
                return inserted == 1;
            });
            sent += first ? 1 : 0;
        }
        return sent;
    }

    @ActivateRequestContext
    public int expireDue() {
        var now = clock.now();
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> Tenant.<Tenant> list("state in ?1 and expiresAt <= ?2",
                List.of(TenantState.READY, TenantState.ACTIVE), now).stream().map(t -> t.id).toList());
        for (UUID id : due) {
            lifecycle.expire(id, "system:expiry");
        }
        return due.size();
    }

    @ActivateRequestContext
    public int purgeAfterGrace() {
        var cutoff = clock.now().minus(grace);
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> Tenant.<Tenant> list("state = ?1 and expiresAt <= ?2",
                TenantState.EXPIRED, cutoff).stream().map(t -> t.id).toList());
        for (UUID id : due) {
            purger.purge(id, "system:grace-ended");
        }
        if (!due.isEmpty()) {
            LOG.infof("Purged %d tenant(s) whose grace period ended", due.size());
        }
        return due.size();
    }
}
