package io.modelhouse.identity;

import java.util.ArrayList;
import java.util.HashMap;
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
 * The tenants' identities in Keycloak: one organization per tenant (alias = tenant id), one user
 * per trial account (attribute tenant_id). Every call is safe to repeat: deletes tolerate "already
 * gone", so cleanup, purge and the reconciler can run again after a crash.
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

    public record NewUser(String username, String email, String firstName, String lastName, String password, boolean enabled,
            Map<String, List<String>> attributes) {
    }

    /** A trial user as Keycloak holds it: enough for the reconciler to match it with our accounts. */
    public record TrialUser(String id, String username, String tenantId, boolean enabled) {
    }

    private RealmResource realm() {
        return keycloak.realm(realm);
    }

    /** Organization names are unique in a realm, so the tenant id's start goes into the name, all of it into the alias. */
    /** The mail addresses of the realm's users with a role (the pre-sales people), sorted. */
    public List<String> mailsWithRole(String role) {
        return realm().roles().get(role).getUserMembers(0, 500).stream().map(u -> u.getEmail())
                .filter(m -> m != null && !m.isBlank()).sorted().toList();
    }

    public String createOrganization(String tenantId, String company) {
        OrganizationRepresentation org = new OrganizationRepresentation();
        org.setName(orgName(tenantId, company));
        org.setAlias(tenantId);
        org.setEnabled(true);
        org.setDescription("Modelhouse trial tenant " + tenantId);
        org.setAttributes(Map.of(ATTR_TENANT, List.of(tenantId)));
        try (Response r = realm().organizations().create(org)) {
            if (r.getStatus() == 409) {
                String existing = organizationByAlias(tenantId);
                if (existing != null) {
                    return existing; // made before a crash: reuse it
                }
            }
            return CreatedResponseUtil.getCreatedId(r);
        }
    }

    public void renameOrganization(String organizationId, String tenantId, String company) {
        OrganizationRepresentation org = realm().organizations().get(organizationId).toRepresentation();
        org.setName(orgName(tenantId, company));
        try (Response r = realm().organizations().get(organizationId).update(org)) {
            if (r.getStatus() >= 300) {
                throw new IllegalStateException(
                        "Keycloak refused to rename organization " + organizationId + ": HTTP " + r.getStatus());
            }
        }
    }

    private static String orgName(String tenantId, String company) {
        return company + " · " + tenantId.substring(0, 8);
    }

    public String organizationByAlias(String alias) {
        for (OrganizationRepresentation o : realm().organizations().search(alias, true, 0, 5)) {
            if (alias.equals(o.getAlias())) {
                return o.getId();
            }
        }
        return null;
    }

    /** Every organization that stands for a tenant: alias → id. */
    public Map<String, String> tenantOrganizations() {
        Map<String, String> out = new HashMap<>();
        int first = 0;
        while (true) {
            List<OrganizationRepresentation> page = realm().organizations().list(first, 200);
            for (OrganizationRepresentation o : page) {
                if (o.getAlias() != null && o.getAlias().matches("[0-9a-f-]{36}")) {
                    out.put(o.getAlias(), o.getId());
                }
            }
            if (page.size() < 200) {
                return out;
            }
            first += 200;
        }
    }

    public String createUser(NewUser u) {
        UserRepresentation rep = new UserRepresentation();
        rep.setUsername(u.username());
        rep.setEmail(u.email());
        rep.setEmailVerified(true);
        rep.setFirstName(u.firstName());
        rep.setLastName(u.lastName());
        rep.setEnabled(u.enabled());
        rep.setAttributes(u.attributes());
        CredentialRepresentation pw = new CredentialRepresentation();
        pw.setType(CredentialRepresentation.PASSWORD);
        pw.setValue(u.password());
        pw.setTemporary(false);
        rep.setCredentials(List.of(pw));
        try (Response r = realm().users().create(rep)) {
            if (r.getStatus() == 409) {
                List<UserRepresentation> same = realm().users().search(u.username(), true);
                if (!same.isEmpty()) {
                    return same.get(0).getId(); // made before a crash: reuse it
                }
            }
            return CreatedResponseUtil.getCreatedId(r);
        }
    }

    /** Turns a pooled placeholder into a person's login: new name, mail and role, enabled. The password stays. */
    public void assignUser(String userId, String username, String email, String firstName, String lastName,
            Map<String, List<String>> attributes) {
        UserRepresentation rep = new UserRepresentation();
        rep.setUsername(username);
        rep.setEmail(email);
        rep.setEmailVerified(true);
        rep.setFirstName(firstName);
        rep.setLastName(lastName);
        rep.setEnabled(true);
        rep.setAttributes(attributes);
        realm().users().get(userId).update(rep);
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
                throw new IllegalStateException(
                        "Keycloak refused to delete organization " + organizationId + ": HTTP " + r.getStatus());
            }
        } catch (NotFoundException gone) {
            // already deleted
        }
    }

    public void setEnabled(String userId, boolean enabled) {
        UserRepresentation rep = new UserRepresentation();
        rep.setEnabled(enabled);
        try {
            realm().users().get(userId).update(rep);
        } catch (NotFoundException gone) {
            // nothing to enable or disable
        }
    }

    /** Users carrying a tenant_id attribute: trial users, wherever they came from. */
    public List<TrialUser> trialUsers() {
        List<TrialUser> out = new ArrayList<>();
        int first = 0;
        while (true) {
            List<UserRepresentation> page = realm().users().search("", first, 500, false);
            for (UserRepresentation u : page) {
                List<String> t = u.getAttributes() == null ? null : u.getAttributes().get(ATTR_TENANT);
                if (t != null && !t.isEmpty()) {
                    out.add(new TrialUser(u.getId(), u.getUsername(), t.get(0), Boolean.TRUE.equals(u.isEnabled())));
                }
            }
            if (page.size() < 500) {
                return out;
            }
            first += 500;
        }
    }

    public List<TrialUser> usersOfTenant(String tenantId) {
        return realm().users().searchByAttributes(0, 500, null, false, ATTR_TENANT + ":" + tenantId).stream()
                .map(u -> new TrialUser(u.getId(), u.getUsername(), tenantId, Boolean.TRUE.equals(u.isEnabled()))).toList();
    }
}
