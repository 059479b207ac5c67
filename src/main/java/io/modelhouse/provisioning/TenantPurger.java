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
        boolean exists = QuarkusTransaction.requiringNew().call(() -> {
            Tenant t = Tenant.findById(tenantId);
            if (t == null || t.state == TenantState.PURGED) {
                return false;
            }
            t.provisioningStep = ProvisioningStep.PURGING.name();
            t.stepAt = clock.now();
            return true;
        });
        if (!exists) {
            return;
        }
        rows.step(tenantId, ProvisioningStep.PURGING);
        teardown.removeEverything(tenantId);
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
