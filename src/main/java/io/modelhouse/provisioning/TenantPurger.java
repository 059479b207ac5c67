package io.modelhouse.provisioning;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import io.modelhouse.common.AuditEntry;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantState;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Purge: the tenant's data rows and Keycloak identities go, the tenant row stays as a PURGED
 * tombstone for reporting. The PURGING step is recorded first, so a crash mid-way is finished by
 * the reconciler; every part is safe to repeat.
 */
@ApplicationScoped
public class TenantPurger {

    @Inject
    TenantTeardown teardown;
    @Inject
    TenantRows rows;
    @Inject
    ModelhouseClock clock;

    @ActivateRequestContext // callable from jobs and plain threads: Hibernate resolves the tenant through it
    public void purge(UUID tenantId, String actor) {
        TenantState state = QuarkusTransaction.requiringNew().call(() -> {
            Tenant t = Tenant.findById(tenantId);
            return t == null ? TenantState.PURGED : t.state;
        });
        if (state == TenantState.PURGED) {
            return;
        }
        rows.step(tenantId, ProvisioningStep.PURGING);
        // a tenant still being built may have Keycloak users its accounts do not list yet
        teardown.removeEverything(tenantId, state == TenantState.PROVISIONING || state == TenantState.FAILED);
        QuarkusTransaction.requiringNew().run(() -> {
            Tenant t = Tenant.findById(tenantId);
            t.state = TenantState.PURGED;
            t.purgedAt = clock.now();
            t.provisioningStep = ProvisioningStep.PURGED.name();
            t.stepAt = t.purgedAt;
            t.idempotencyKey = null;
            AuditEntry.record(t.purgedAt, actor, "tenant.purge", tenantId, "{}");
        });
    }
}
