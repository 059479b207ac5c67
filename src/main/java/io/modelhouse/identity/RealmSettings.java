package io.modelhouse.identity;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import io.quarkus.runtime.StartupEvent;

/**
 * The realm settings provisioning relies on, checked at start: a realm imported by an older
 * version of deploy/keycloak/modelhouse-realm.json is brought up to date instead of failing later
 * in the middle of an assignment. Pooled accounts are renamed, so usernames must be editable by
 * admins (the user profile still keeps users themselves from editing theirs).
 */
@ApplicationScoped
public class RealmSettings {

    private static final Logger LOG = Logger.getLogger(RealmSettings.class);
    static final String WEB_CLIENT = "modelhouse-web";
    static final String STAFF_ROLES = "staff_roles";

    @Inject
    Keycloak keycloak;

    @ConfigProperty(name = "quarkus.keycloak.admin-client.realm")
    String realm;

    void onStart(@Observes StartupEvent event) {
        try {
            RealmRepresentation rep = keycloak.realm(realm).toRepresentation();
            if (!Boolean.TRUE.equals(rep.isEditUsernameAllowed())) {
                RealmRepresentation change = new RealmRepresentation();
                change.setEditUsernameAllowed(true);
                keycloak.realm(realm).update(change);
                LOG.info("Keycloak realm updated: usernames editable by admins (pooled accounts are renamed at assignment)");
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not check the Keycloak realm settings now (%s); pool assignment needs editUsernameAllowed",
                    e.getMessage());
        }
        staffRolesInIdToken();
    }

    /**
     * Staff pages take their roles from the ID token (application.properties,
     * quarkus.oidc.web.roles.source): a realm imported before that needs the staff_roles mapper on
     * the web client. Added here when the admin client may; otherwise said, with what to do.
     */
    void staffRolesInIdToken() {
        try {
            var clients = keycloak.realm(realm).clients();
            var web = clients.findByClientId(WEB_CLIENT).stream().findFirst().orElse(null);
            if (web == null || (web.getProtocolMappers() != null
                    && web.getProtocolMappers().stream().anyMatch(m -> STAFF_ROLES.equals(m.getName())))) {
                return;
            }
            ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
            mapper.setName(STAFF_ROLES);
            mapper.setProtocol("openid-connect");
            mapper.setProtocolMapper("oidc-usermodel-realm-role-mapper");
            mapper.setConfig(Map.of("claim.name", STAFF_ROLES, "multivalued", "true", "jsonType.label", "String",
                    "id.token.claim", "true", "access.token.claim", "false", "userinfo.token.claim", "false"));
            clients.get(web.getId()).getProtocolMappers().createMapper(mapper).close();
            LOG.info("Keycloak realm updated: staff roles in the ID token (mapper staff_roles on modelhouse-web)");
        } catch (RuntimeException e) {
            LOG.errorf("Staff pages read their roles from the ID token; could not check or add the %s mapper of this"
                    + " realm's client %s (%s)."
                    + " Add it in Keycloak's admin console (Clients → %s → Client scopes → %s-dedicated → Add mapper →"
                    + " By configuration → User Realm Role; token claim name %s, multivalued, add to ID token), or start"
                    + " from a fresh Keycloak home (deploy/local/run.sh imports the realm file then).", STAFF_ROLES,
                    WEB_CLIENT, e.getMessage(), WEB_CLIENT, WEB_CLIENT, STAFF_ROLES);
        }
    }
}
