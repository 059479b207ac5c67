package io.modelhouse.common;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.AppProcess;
import io.modelhouse.testsupport.LocalStackResource;

/** The packaged app, started in the production profile with the local default secrets, refuses to start and says why. */
class SecretSettingsIT {

    @Test
    void theProductionProfileRefusesTheLocalDefaultSecrets() {
        LocalStackResource.startOnce();
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> AppProcess.start("prod-defaults", 18095, Map.of("quarkus.profile", "prod")).close());
        String log = refused.getMessage();
        assertTrue(log.contains("MODELHOUSE_SECRET_KEY") && log.contains("MODELHOUSE_WEB_CLIENT_SECRET"),
                "the refusal names the variables to set: " + log);
    }
}
