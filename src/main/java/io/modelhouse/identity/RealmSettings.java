package io.modelhouse.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.keycloak.admin.client.Keycloak;
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
    }
}
