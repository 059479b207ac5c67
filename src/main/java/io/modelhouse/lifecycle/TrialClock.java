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

import io.modelhouse.common.ClusterLock;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.ModelhouseConfig;
import io.modelhouse.identity.LoginLinks;
import io.modelhouse.identity.TrialAccount;
import io.modelhouse.mail.TrialMails;
import io.modelhouse.tenant.FaultInjection;
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

    @Inject
    io.modelhouse.lifecycle.signup.TrialRequests requests;
    @Inject
    io.modelhouse.lifecycle.signup.SlidingWindow window;

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
    @Inject
    FaultInjection faults;
    @Inject
    ClusterLock locks;

    /** Whole days left in the tenant's time zone: the date of the end minus today's date. */
    public static long daysLeft(Tenant t, Instant now) {
        ZoneId zone = ZoneId.of(t.timeZone);
        return ChronoUnit.DAYS.between(LocalDate.ofInstant(now, zone), LocalDate.ofInstant(t.expiresAt, zone));
    }

    @ActivateRequestContext
    public int sendWarnings() {
        return locks.run("job:expiry-warnings", this::sendWarningsNow);
    }

    private int sendWarningsNow() {
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

    /**
     * Expires what is due. Each tenant is its own unit: its expiry is decided again on its locked
     * row (an extension since the list was made wins), and a failure is logged and left to the next
     * run and the reconciler without stopping the others.
     */
    @ActivateRequestContext
    public int expireDue() {
        return locks.run("job:expiry", () -> {
            Instant now = clock.now();
            List<UUID> due = tenants.dueForExpiry(now);
            faults.point("expiry.listed");
            int expired = 0;
            for (UUID id : due) {
                try {
                    expired += lifecycle.expireIfDue(id, now, "system:expiry") ? 1 : 0;
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Expiry of tenant %s failed; the next run tries again", id);
                }
            }
            // open houses that are over: their logins close (one tenant's failure stops no other)
            for (UUID id : tenants.openHousesEnded(now)) {
                try {
                    lifecycle.endOpenHouse(id, now, "system:expiry");
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Closing the open house of tenant %s failed; the next run tries again", id);
                }
            }
            return expired;
        });
    }

    /** Purges the tenants whose grace period ended, each on its own and only if it is still expired then. */
    @ActivateRequestContext
    public int purgeAfterGrace() {
        return locks.run("job:purge", () -> {
            Instant cutoff = clock.now().minus(config.trial().grace());
            List<UUID> due = tenants.expiredBefore(cutoff);
            faults.point("purge-after-grace.listed");
            int purged = 0;
            for (UUID id : due) {
                try {
                    purged += purger.purgeIfGraceEnded(id, cutoff, "system:grace-ended") ? 1 : 0;
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Purge of tenant %s failed; the reconciler finishes it", id);
                }
            }
            // self-service requests that never became a model house keep a name and a mail: they go too
            int forgotten = requests.forgetStale(cutoff);
            window.forgetBefore(cutoff); // rate-limit hits count over an hour or a day: none counts by now
            if (forgotten > 0) {
                LOG.infof("Forgot %d self-service request(s) never verified or refused before %s", forgotten, cutoff);
            }
            if (purged > 0) {
                LOG.infof("Purged %d tenant(s) whose grace period ended", purged);
            }
            return purged;
        });
    }
}
