package io.modelhouse.provisioning;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.modelhouse.identity.AccountStore;
import io.modelhouse.identity.KeycloakDirectory;
import io.modelhouse.identity.TrialAccount;
import io.modelhouse.tenant.FaultInjection;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantRows;
import io.modelhouse.tenant.TenantService;

/**
 * Removes a tenant's data and identities, whatever state a crash left them in: Keycloak users are
 * found both through our accounts and by their tenant_id attribute, the organization by its id or
 * alias. Every part tolerates "already gone", so it can run again until it has run once fully.
 */
@ApplicationScoped
public class TenantTeardown {

    private static final Logger LOG = Logger.getLogger(TenantTeardown.class);

    @Inject
    KeycloakDirectory directory;
    @Inject
    FaultInjection faults;
    @Inject
    AccountStore accounts;
    @Inject
    TenantService tenants;
    @Inject
    TenantRows rows;
    @Inject
    ManagedExecutor executor;

    /**
     * Data and identities gone; the tenant row stays, in the state the caller sets next.
     *
     * @param searchStrays also look Keycloak up for users of the tenant our accounts do not know:
     *        needed after a crash mid-build (a user made, its account row not yet written), not for a
     *        tenant that finished building, whose accounts are complete
     */
    public void removeEverything(UUID tenantId, boolean searchStrays) {
        removeIdentities(tenantId, searchStrays);
        rows.removeAll(tenantId);
    }

    private void removeIdentities(UUID tenantId, boolean searchStrays) {
        faults.point("teardown.identities");
        Set<String> users = new HashSet<>();
        for (TrialAccount a : accounts.allOf(tenantId)) {
            if (a.keycloakUserId != null) {
                users.add(a.keycloakUserId);
            }
        }
        String orgId = tenants.find(tenantId).map((Tenant t) -> t.keycloakOrgId).orElse(null);
        if (searchStrays) {
            directory.usersOfTenant(tenantId.toString()).forEach(u -> users.add(u.id()));
        }
        // in parallel: each delete is a Keycloak round trip
        CompletableFuture.allOf(users.stream().map(u -> CompletableFuture.runAsync(() -> directory.deleteUser(u), executor))
                .toArray(CompletableFuture[]::new)).join();
        String org = orgId != null ? orgId : directory.organizationByAlias(tenantId.toString());
        if (org != null) {
            directory.deleteOrganization(org);
        }
        accounts.markAllDeleted(tenantId);
        LOG.debugf("Removed %d Keycloak users and the organization of tenant %s", users.size(), tenantId);
    }
}
