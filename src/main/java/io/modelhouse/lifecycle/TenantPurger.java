package io.modelhouse.lifecycle;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import io.modelhouse.provisioning.TenantTeardown;
import io.modelhouse.tenant.ProvisioningStep;
import io.modelhouse.tenant.StepJournal;
import io.modelhouse.tenant.TenantService;
import io.modelhouse.tenant.TenantState;

/**
 * Purge: the tenant's data rows and Keycloak identities go, the tenant row stays as a PURGED
 * tombstone for reporting. The PURGING step is journaled first, so a crash mid-way is finished by
 * the reconciler; every part is safe to repeat.
 */
@ApplicationScoped
public class TenantPurger {

    @Inject
    TenantService tenants;
    @Inject
    TenantTeardown teardown;
    @Inject
    StepJournal journal;

    @ActivateRequestContext // callable from jobs and plain threads: Hibernate resolves the tenant through it
    public void purge(UUID tenantId, String actor) {
        TenantState state = tenants.find(tenantId).map(t -> t.state).orElse(TenantState.PURGED);
        if (state == TenantState.PURGED) {
            return;
        }
        journal.mark(tenantId, ProvisioningStep.PURGING);
        // a tenant still being built may have Keycloak users its accounts do not list yet
        teardown.removeEverything(tenantId, state == TenantState.PROVISIONING || state == TenantState.FAILED);
        tenants.markPurged(tenantId, actor);
    }
}
