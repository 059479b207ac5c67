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

    public void removeIdentities(UUID tenantId) {
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
        directory.usersOfTenant(tenantId.toString()).forEach(u -> users.add(u.id()));
        for (String u : users) {
            directory.deleteUser(u);
        }
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

    /** Data and identities gone; the tenant row stays, in the state the caller sets next. */
    public void removeEverything(UUID tenantId) {
        removeIdentities(tenantId);
        rows.deleteData(tenantId);
    }
}
