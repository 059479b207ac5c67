package io.modelhouse.testsupport;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.awaitility.Awaitility;

/**
 * What must hold after any race: no build left half-way (nothing PROVISIONING once the dust
 * settles) and no Keycloak trial user without a live tenant.
 */
public final class Settled {

    private static final Set<String> LIVE = Set.of("POOLED", "PROVISIONING", "READY", "ACTIVE", "EXPIRED", "CONVERTED");

    private Settled() {
    }

    public static void assertSettled() {
        String admin = Tokens.admin();
        Awaitility.await("no tenant left PROVISIONING").atMost(Duration.ofSeconds(60))
                .until(() -> given().auth().oauth2(admin).queryParam("state", "PROVISIONING").get("/api/tenants").then()
                        .statusCode(200).extract().<Integer> path("total") == 0);
        assertEquals(Set.of(), usersWithoutLiveTenant(), "Keycloak trial users whose tenant is not live");
    }

    /** Usernames of Keycloak users carrying a tenant_id whose tenant is not live. */
    public static Set<String> usersWithoutLiveTenant() {
        List<Map<String, Object>> users = given().baseUri(LocalStackResource.KEYCLOAK_URL).auth()
                .oauth2(Tokens.keycloakAdmin()).queryParam("max", 100000).queryParam("briefRepresentation", false)
                .get("/admin/realms/modelhouse/users").then().statusCode(200).extract().jsonPath().getList("$");
        Set<String> live = liveTenantIds();
        Set<String> orphans = new TreeSet<>();
        for (Map<String, Object> u : users) {
            @SuppressWarnings("unchecked")
            Map<String, List<String>> attributes = (Map<String, List<String>>) u.get("attributes");
            List<String> tenant = attributes == null ? null : attributes.get("tenant_id");
            if (tenant != null && !tenant.isEmpty() && !live.contains(tenant.get(0))) {
                orphans.add(u.get("username") + " (tenant " + tenant.get(0) + ")");
            }
        }
        return orphans;
    }

    private static Set<String> liveTenantIds() {
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + LocalStackResource.DB_PORT + "/modelhouse", "modelhouse_app",
                "modelhouse-app"); var rs = c.createStatement().executeQuery("SELECT id, state FROM tenant")) {
            Set<String> out = new HashSet<>();
            while (rs.next()) {
                if (LIVE.contains(rs.getString(2))) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
