package io.modelhouse.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Outside dev and test, the local default secrets are refused by name; inside, they are fine. */
class SecretSettingsTest {

    private static Map<String, String> defaults() {
        Map<String, String> m = new HashMap<>();
        SecretSettings.SETTINGS.forEach(s -> m.put(s.property(), s.localDefault()));
        return m;
    }

    @Test
    void theProductionProfileRefusesEveryDefaultAndNamesItsVariable() {
        Map<String, String> config = defaults();
        List<String> refused = SecretSettings.refused(List.of("prod"), p -> Optional.ofNullable(config.get(p)));
        assertEquals(5, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith("MODELHOUSE_SECRET_KEY"), refused.toString());

        config.put("modelhouse.secret-key", "a-key-of-our-own-0123456789");
        config.put("quarkus.datasource.password", "");
        refused = SecretSettings.refused(List.of("prod"), p -> Optional.ofNullable(config.get(p)));
        assertEquals(4, refused.size(), "an empty password is refused too: " + refused);
        assertTrue(refused.stream().noneMatch(r -> r.startsWith("MODELHOUSE_SECRET_KEY")), refused.toString());
    }

    @Test
    void devAndTestProfilesKeepTheLocalDefaults() {
        Map<String, String> config = defaults();
        assertEquals(List.of(), SecretSettings.refused(List.of("dev"), p -> Optional.ofNullable(config.get(p))));
        assertEquals(List.of(), SecretSettings.refused(List.of("test"), p -> Optional.ofNullable(config.get(p))));
    }
}
