package io.modelhouse.lifecycle;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.mail.Outbox;
import io.modelhouse.provisioning.TenantTeardown;
import io.modelhouse.tenant.FaultInjection;
import io.modelhouse.tenant.ProvisioningStep;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantService;
import io.modelhouse.tenant.TenantState;
import io.modelhouse.usage.UsageService;

/**
 * Purge: the tenant's data rows and Keycloak identities go, the tenant row stays as a PURGED
 * tombstone for reporting. Each way into a purge says which state it may start from, and the start
 * (the PURGING step) is decided on the locked tenant row: a pool claim, an extension or a build
 * step that got there first wins, and the purge does not happen. Once started, a crash mid-way is
 * finished by the reconciler; every part is safe to repeat.
 */
@ApplicationScoped
public class TenantPurger {

    @Inject
    io.modelhouse.followup.SignalService signals;
    @Inject
    io.modelhouse.followup.FollowUpService followUps;
    @Inject
    io.modelhouse.followup.WebhookService webhooks;
    @Inject
    TenantService tenants;
    @Inject
    TenantTeardown teardown;
    @Inject
    FaultInjection faults;
    @Inject
    Outbox outbox;
    @Inject
    UsageService usage;
    @Inject
    TrialAsks asks;
    @Inject
    io.modelhouse.identity.AccountStore accounts;
    @Inject
    io.modelhouse.lifecycle.signup.TrialRequests requests;

    /** Pre-sales' "delete now": any built tenant; 409 while it is still being built. */
    @ActivateRequestContext // callable from jobs and plain threads: Hibernate resolves the tenant through it
    public void purge(UUID tenantId, String actor) {
        boolean started = run(tenantId, actor, t -> t.state != TenantState.PROVISIONING
                || ProvisioningStep.PURGING.name().equals(t.provisioningStep));
        if (!started && tenants.find(tenantId).map(t -> t.state == TenantState.PROVISIONING).orElse(false)) {
            throw ApiProblem.conflict("Tenant " + tenantId + " is still being built; delete it once it is READY");
        }
    }

    /** A pooled tenant that is stale: only while nobody has claimed it. */
    @ActivateRequestContext
    public boolean recyclePooled(UUID tenantId, String actor) {
        return run(tenantId, actor, t -> t.state == TenantState.POOLED);
    }

    /** The end of the grace period: only if the tenant is still expired and its end lies before the cutoff. */
    @ActivateRequestContext
    public boolean purgeIfGraceEnded(UUID tenantId, Instant cutoff, String actor) {
        return run(tenantId, actor, t -> t.state == TenantState.EXPIRED && !t.expiresAt.isAfter(cutoff));
    }

    /** A purge that stopped half-way (a crash): finished. */
    @ActivateRequestContext
    public boolean finishStopped(UUID tenantId, String actor) {
        return run(tenantId, actor, t -> ProvisioningStep.PURGING.name().equals(t.provisioningStep));
    }

    private boolean run(UUID tenantId, String actor, Predicate<Tenant> allowed) {
        Optional<TenantState> was = tenants.startPurge(tenantId, allowed);
        if (was.isEmpty()) {
            return false;
        }
        faults.after(ProvisioningStep.PURGING);
        // a tenant still being built may have Keycloak users its accounts do not list yet
        TenantState state = was.get();
        teardown.removeEverything(tenantId, state == TenantState.PROVISIONING || state == TenantState.FAILED);
        // the people are forgotten before the tenant is marked PURGED: a crash in between leaves it
        // PURGING, and the reconciler runs all of this again (each part finds what is left)
        Map<String, Object> counted = new LinkedHashMap<>();
        counted.put("mails", outbox.forget(tenantId));
        counted.put("usageEvents", usage.forget(tenantId));
        asks.forget(tenantId);
        requests.forget(tenantId);
        signals.forget(tenantId);
        followUps.forget(tenantId);
        webhooks.forget(tenantId);
        accounts.forgetPeople(tenantId, counted);
        tenants.markPurged(tenantId, actor);
        return true;
    }
}
