package io.modelhouse.identity;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The tenants' identities in Keycloak: one organization per tenant, one user per trial account.
 * Deletes tolerate "already gone", so cleanup and purge can be re-run.
 */
@ApplicationScoped
public class KeycloakDirectory {

    public static final String ATTR_TENANT = "tenant_id";
    public static final String ATTR_ROLE = "trial_role";
    public static final String ATTR_EXPIRES = "trial_expires_at";

    @Inject
    Keycloak keycloak;

    @ConfigProperty(name = "quarkus.keycloak.admin-client.realm")
    String realm;

    public record NewUser(String username, String email, String firstName, String lastName, String password,
            Map<String, List<String>> attributes) {
    }

    private RealmResource realm() {
        return keycloak.realm(realm);
    }

    /** Organization names are unique in a realm, so the tenant id goes into both name and alias. */
    public String createOrganization(String tenantId, String company) {
        OrganizationRepresentation org = new OrganizationRepresentation();
        org.setName(company + " · " + tenantId.substring(0, 8));
        org.setAlias(tenantId);
        org.setEnabled(true);
        org.setDescription("Modelhouse trial tenant " + tenantId);
        org.setAttributes(Map.of(ATTR_TENANT, List.of(tenantId)));
        try (Response r = realm().organizations().create(org)) {
            return CreatedResponseUtil.getCreatedId(r);
        }
    }

    public String createUser(NewUser u) {
        UserRepresentation rep = new UserRepresentation();
        rep.setUsername(u.username());
        rep.setEmail(u.email());
        rep.setEmailVerified(true);
        rep.setFirstName(u.firstName());
        rep.setLastName(u.lastName());
        rep.setEnabled(true);
        rep.setAttributes(u.attributes());
        CredentialRepresentation pw = new CredentialRepresentation();
        pw.setType(CredentialRepresentation.PASSWORD);
        pw.setValue(u.password());
        pw.setTemporary(false);
        rep.setCredentials(List.of(pw));
        try (Response r = realm().users().create(rep)) {
            return CreatedResponseUtil.getCreatedId(r);
        }
    }

    public void addMember(String organizationId, String userId) {
        try (Response r = realm().organizations().get(organizationId).members().addMember(userId)) {
            if (r.getStatus() >= 300 && r.getStatus() != 409) {
                throw new IllegalStateException("Keycloak refused organization membership: HTTP " + r.getStatus());
            }
        }
    }

    public void deleteUser(String userId) {
        try (Response r = realm().users().delete(userId)) {
            if (r.getStatus() >= 300 && r.getStatus() != 404) {
                throw new IllegalStateException("Keycloak refused to delete user " + userId + ": HTTP " + r.getStatus());
            }
        }
    }

    public void deleteOrganization(String organizationId) {
        try (Response r = realm().organizations().get(organizationId).delete()) {
            if (r.getStatus() >= 300 && r.getStatus() != 404) {
                throw new IllegalStateException("Keycloak refused to delete organization " + organizationId + ": HTTP " + r.getStatus());
            }
        } catch (NotFoundException gone) {
            // already deleted: purge and cleanup are re-runnable
        }
    }

    public void setEnabled(String userId, boolean enabled) {
        UserRepresentation rep = realm().users().get(userId).toRepresentation();
        rep.setEnabled(enabled);
        realm().users().get(userId).update(rep);
    }
}
