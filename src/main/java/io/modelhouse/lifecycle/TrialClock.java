package io.modelhouse.lifecycle;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.ModelhouseConfig;
import io.modelhouse.identity.LoginLinks;
import io.modelhouse.identity.TrialAccount;
import io.modelhouse.mail.TrialMails;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantService;

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
    TenantService tenants;
    @Inject
    TenantLifecycle lifecycle;
    @Inject
    TenantPurger purger;
    @Inject
    TrialMails mails;
    @Inject
    LoginLinks links;
    @Inject
    ModelhouseClock clock;
    @Inject
    ModelhouseConfig config;
    @Inject
    EntityManager em;

    /** Whole days left in the tenant's time zone: the date of the end minus today's date. */
    public static long daysLeft(Tenant t, Instant now) {
        ZoneId zone = ZoneId.of(t.timeZone);
        return ChronoUnit.DAYS.between(LocalDate.ofInstant(now, zone), LocalDate.ofInstant(t.expiresAt, zone));
    }

    @ActivateRequestContext
    public int sendWarnings() {
        Instant now = clock.now();
        int sent = 0;
        for (Tenant t : tenants.openUntilAfter(now)) {
            long left = daysLeft(t, now);
            Integer threshold = WARN_DAYS.stream().filter(d -> left <= d).findFirst().orElse(null);
            if (threshold != null && warnOnce(t, threshold, left, now)) {
                sent++;
            }
        }
        return sent;
    }

    /** The warning for one threshold, recorded and mailed in one transaction, at most once per tenant. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    boolean warnOnce(Tenant t, int threshold, long left, Instant now) {
        int inserted = em.createNativeQuery("INSERT INTO expiry_warning (tenant_id, days_before, sent_at) VALUES (:t, :d, :at)"
                + " ON CONFLICT DO NOTHING").setParameter("t", t.id).setParameter("d", threshold).setParameter("at", now)
                .executeUpdate();
        if (inserted == 1) {
            for (TrialAccount a : TrialAccount.<TrialAccount> list("tenantId = ?1 and state = ?2", t.id,
                    TrialAccount.State.ACTIVE)) {
                Locale locale = a.mailLocale();
                mails.warning(t.id, a.email, locale, new TrialMails.Warning(a.name, t.company, Math.max(left, 0), t.expiresAt,
                        t.timeZone, links.portal()));
            }
        }
        return inserted == 1;
    }

    @ActivateRequestContext
    public int expireDue() {
        List<UUID> due = tenants.dueForExpiry(clock.now());
        for (UUID id : due) {
            lifecycle.expire(id, "system:expiry");
        }
        return due.size();
    }

    @ActivateRequestContext
    public int purgeAfterGrace() {
        List<UUID> due = tenants.expiredBefore(clock.now().minus(config.trial().grace()));
        for (UUID id : due) {
            purger.purge(id, "system:grace-ended");
        }
        if (!due.isEmpty()) {
            LOG.infof("Purged %d tenant(s) whose grace period ended", due.size());
        }
        return due.size();
    }
}
