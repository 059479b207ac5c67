package io.modelhouse.provisioning;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.modelhouse.identity.KeycloakDirectory;
import io.modelhouse.identity.TrialAccount;
import io.modelhouse.tenant.Tenant;
import io.quarkus.narayana.jta.QuarkusTransaction;

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
    TenantRows rows;
    @Inject
    org.eclipse.microprofile.context.ManagedExecutor executor;

    /**
     * @param searchStrays also look Keycloak up for users of the tenant our accounts do not know:
     *        needed after a crash mid-build (a user made, its account row not yet written), not for a
     *        tenant that finished building, whose accounts are complete
     */
    public void removeIdentities(UUID tenantId, boolean searchStrays) {
        Set<String> users = new HashSet<>();
        String orgId = QuarkusTransaction.requiringNew().call(() -> {
            TrialAccount.allOf(tenantId).forEach(a -> {
                if (a.keycloakUserId != null) {
                    users.add(a.keycloakUserId);
                }
            });
            Tenant t = Tenant.findById(tenantId);
            return t == null ? null : t.keycloakOrgId;
        });
        if (searchStrays) {
            directory.usersOfTenant(tenantId.toString()).forEach(u -> users.add(u.id()));
        }
        // in parallel: each delete is a Keycloak round trip
        java.util.concurrent.CompletableFuture.allOf(users.stream()
                .map(u -> java.util.concurrent.CompletableFuture.runAsync(() -> directory.deleteUser(u), executor))
                .toArray(java.util.concurrent.CompletableFuture[]::new)).join();
        String org = orgId != null ? orgId : directory.organizationByAlias(tenantId.toString());
        if (org != null) {
            directory.deleteOrganization(org);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            for (TrialAccount a : TrialAccount.allOf(tenantId)) {
                a.state = TrialAccount.State.DELETED;
                a.sealedPassword = null;
            }
        });
        LOG.debugf("Removed %d Keycloak users and the organization of tenant %s", users.size(), tenantId);
    }

    /** Data and identities gone, strays included; the tenant row stays, in the state the caller sets next. */
    public void removeEverything(UUID tenantId) {
        removeEverything(tenantId, true);
    }

    public void removeEverything(UUID tenantId, boolean searchStrays) {
        removeIdentities(tenantId, searchStrays);
        rows.deleteData(tenantId);
    }
}
