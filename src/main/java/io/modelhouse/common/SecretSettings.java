package io.modelhouse.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * The local defaults of every secret (client secrets, database passwords, the sealing key) exist
 * so that run.sh and the tests work on a fresh machine. Anywhere else they are public knowledge:
 * outside the dev and test profiles the app refuses to start while any of them is still the
 * default, and says which variable to set.
 */
@ApplicationScoped
public class SecretSettings {

    /** A secret, the variable that sets it, and the local default it must not keep. */
    public record Setting(String property, String variable, String localDefault) {
    }

    public static final List<Setting> SETTINGS = List.of(
            new Setting("modelhouse.secret-key", "MODELHOUSE_SECRET_KEY", "local-development-key-change-me"),
            new Setting("quarkus.oidc.web.credentials.secret", "MODELHOUSE_WEB_CLIENT_SECRET", "modelhouse-web-secret"),
            new Setting("quarkus.keycloak.admin-client.client-secret", "MODELHOUSE_ADMIN_CLIENT_SECRET",
                    "modelhouse-admin-secret"),
            new Setting("quarkus.datasource.password", "MODELHOUSE_DB_APP_PASSWORD", "modelhouse-app"),
            new Setting("quarkus.flyway.password", "MODELHOUSE_DB_OWNER_PASSWORD", "modelhouse-owner"));

    void check(@Observes @Priority(1) StartupEvent event) {
        var config = ConfigProvider.getConfig();
        List<String> refused = refused(ConfigUtils.getProfiles(), p -> config.getOptionalValue(p, String.class));
        if (!refused.isEmpty()) {
            throw new IllegalStateException("Modelhouse will not start with the local default secrets outside the dev and"
                    + " test profiles (active: " + ConfigUtils.getProfiles() + "). Set " + String.join(", ", refused)
                    + " to values of your own; for a local run use QUARKUS_PROFILE=dev (deploy/local/run.sh does).");
        }
    }

    /** The variables still to set: every secret at its local default, unless a dev or test profile is active. */
    public static List<String> refused(List<String> profiles, Function<String, Optional<String>> config) {
        if (profiles.contains("dev") || profiles.contains("test")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Setting s : SETTINGS) {
            String value = config.apply(s.property()).orElse("");
            if (value.isBlank() || value.equals(s.localDefault())) {
                out.add(s.variable() + " (" + s.property() + ")");
            }
        }
        return out;
    }
}
