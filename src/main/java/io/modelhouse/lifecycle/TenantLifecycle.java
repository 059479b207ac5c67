package io.modelhouse.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.Audit;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.identity.AccountService;
import io.modelhouse.identity.AccountStore;
import io.modelhouse.identity.TrialAccount;
import io.modelhouse.provisioning.GoldenRowCloner;
import io.modelhouse.provisioning.TenantProvisioner;
import io.modelhouse.tenant.AsTenant;
import io.modelhouse.tenant.ContactPlacement;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantRows;
import io.modelhouse.tenant.TenantService;
import io.modelhouse.tenant.TenantState;

/**
 * What pre-sales do to a model house after it exists: reset it (pristine or refresh), extend,
 * expire; and the nightly slide of its data clock. Accounts are kept by every one of them.
 */
@ApplicationScoped
public class TenantLifecycle {

    private static final Logger LOG = Logger.getLogger(TenantLifecycle.class);

    public enum ResetMode {
        /** Everything back to the template version, re-dated to today; contacts placed again. */
        PRISTINE,
        /** The template's rows restored and re-dated; what the prospect made is kept. */
        REFRESH
    }

    @Inject
    TenantService tenants;
    @Inject
    io.modelhouse.lifecycle.conversion.TenantConversion conversion;
    @Inject
    GoldenRowCloner cloner;
    @Inject
    ContactPlacement contacts;
    @Inject
    TenantRows rows;
    @Inject
    AccountService accounts;
    @Inject
    AccountStore accountStore;
    @Inject
    Audit audit;
    @Inject
    ModelhouseClock clock;
    @Inject
    io.modelhouse.common.ModelhouseConfig config;

    /**
     * One transaction, as the tenant: the data is either reset or as it was. The tenant row is
     * locked for it, so a second reset (a double click, two people) waits and then resets again.
     */
    @AsTenant
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Tenant reset(UUID id, ResetMode mode, String actor) {
        Tenant t = tenants.lockManaged(id);
        LocalDate today = clock.today(ZoneId.of(t.timeZone));
        if (mode == ResetMode.PRISTINE) {
            rows.deleteAll(id);
        } else {
            // seed rows go and come back re-dated; a contact's seat is 'prospect' and stays, and the
            // clone skips ids that still exist, so nothing of the prospect's is lost or doubled
            rows.deleteSeed(id);
        }
        cloner.cloneInto(id, t.templateVersionId, t.company, TenantProvisioner.mailDomain(id), today, clock.now(), t.timeZone,
                mode == ResetMode.REFRESH);
        rows.anchorClock(id, today);
        if (mode == ResetMode.PRISTINE) {
            for (TrialAccount a : accountStore.ofTenant(id)) {
                accountStore.setMember(a.id, contacts.place(id, a.roleKey, a.name, a.email, a.name));
            }
        }
        audit.record(actor, "tenant.reset", id, Map.of("mode", mode.name().toLowerCase()));
        return t;
    }

    public Tenant extend(UUID id, int days, String actor) {
        if (days < 1 || days > 180) {
            throw ApiProblem.invalid("Invalid extension", List.of(ApiProblem.FieldError.of("days", "days must be 1..180")));
        }
        Tenant t = tenants.extend(id, days, actor);
        syncLogins(id, true);
        return t;
    }

    /**
     * The trial became a deal: CONVERTED (the clock leaves it alone), its tasks closed, the CRM told.
     * An expired tenant's logins open again.
     */
    public Tenant convert(UUID id, String actor) {
        TenantState was = conversion.convert(id, actor);
        if (was == TenantState.EXPIRED) {
            syncLogins(id, true);
        }
        return tenants.require(id);
    }

    public Tenant expire(UUID id, String actor) {
        Tenant t = tenants.expire(id, actor);
        syncLogins(id, false);
        return t;
    }

    /**
     * The trial clock's expiry of one tenant: only if it is still due (an extension that landed
     * since the list was made wins). A Keycloak failure after the state changed is noted and left
     * to the reconciler, which makes every login match its tenant's state.
     */
    public boolean expireIfDue(UUID id, Instant now, String actor) {
        Duration openHouse = config.trial().openHouse();
        if (!tenants.expireIfDue(id, now, openHouse, actor)) {
            return false;
        }
        if (openHouse.isZero()) {
            syncLogins(id, false);
        }
        // in the open house the logins stay and the pages turn read-only: the tenant's changed row made
        // its prospects be decided anew (tenant/TenantDecisions)
        return true;
    }

    /** The end of an open house: the logins close now (a Keycloak failure is left to the reconciler). */
    public boolean endOpenHouse(UUID id, Instant now, String actor) {
        if (!tenants.endOpenHouse(id, now, actor)) {
            return false;
        }
        syncLogins(id, false);
        return true;
    }

    private void syncLogins(UUID id, boolean open) {
        try {
            if (open) {
                accounts.openLogins(id);
            } else {
                accounts.closeLogins(id);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Logins of tenant %s not %s yet (%s); the reconciler will", id, open ? "opened" : "closed",
                    e.getMessage());
            tenants.noteLoginsPending(id, e.getMessage());
        }
    }

    /**
     * The nightly data-clock slide: a tenant whose dates were anchored a week or more ago moves its
     * template rows forward in whole weeks, so "today" stays today and weekdays stay weekdays.
     *
     * @return how many tenants moved
     */
    @ActivateRequestContext // callable from jobs and plain threads: Hibernate resolves the tenant through it
    public int slideDataClocks() {
        int moved = 0;
        for (Tenant t : tenants.withRunningClock()) {
            long weeks = ChronoUnit.DAYS.between(t.clockAnchor, clock.today(ZoneId.of(t.timeZone))) / 7;
            if (weeks > 0) {
                rows.slide(t.id, (int) (weeks * 7));
                moved++;
            }
        }
        return moved;
    }
}
