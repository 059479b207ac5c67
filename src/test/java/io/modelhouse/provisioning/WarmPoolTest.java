package io.modelhouse.provisioning;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.Bundles;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Warm pools: filled by the refill job, claimed under concurrency without handing a tenant out twice. */
@QuarkusTest
class WarmPoolTest {

    @Test
    void twentyParallelCreatesNeverShareATenantAndAPooledTenantBecomesTheProspects() throws Exception {
        String key = filledPool("pool", 8);
        given().auth().oauth2(Tokens.admin()).get("/api/templates/" + key).then().body("pool.size", equalTo(8))
                .body("pool.ready", equalTo(8));

        String token = Tokens.presales();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<JsonPath>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            calls.add(pool.submit((Callable<JsonPath>) () -> given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("templateKey", key, "company", "并发公司" + n, "contacts", List.of(
                            Tenants.contact("王磊", "wl" + n + "@c.example", "boss"),
                            Tenants.contact("李娜", "ln" + n + "@c.example", "dispatcher"),
                            Tenants.contact("陈静", "cj" + n + "@c.example", "finance"))))
                    .post("/api/tenants").then().statusCode(201).extract().jsonPath()));
        }
        Set<String> ids = new HashSet<>();
        int fromPool = 0;
        for (Future<JsonPath> f : calls) {
            JsonPath t = f.get();
            assertTrue(ids.add(t.getString("id")), "a tenant was handed out twice: " + t.getString("id"));
            assertEquals("READY", t.getString("state"));
            assertEquals(3, t.getList("accounts").size());
            fromPool += t.getBoolean("fromPool") ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(8, fromPool, "the eight pooled tenants went to eight prospects; the rest were built cold");

        // a pooled tenant is fully the prospect's: company everywhere, contacts placed, passwords work
        JsonPath one = calls.stream().map(f -> {
            try {
                return f.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(t -> t.getBoolean("fromPool")).findFirst().orElseThrow();
        var made = new Tenants.Made(one.getString("id"), one.getString("company"), one);
        String prospect = made.prospectToken("finance");
        given().auth().oauth2(prospect).get("/api/portal/me").then().statusCode(200)
                .body("company", equalTo(made.company())).body("role", equalTo("finance"));
        List<String> names = given().auth().oauth2(prospect).get("/api/portal/org-units").then().extract().jsonPath()
                .getList("members.flatten().name");
        assertTrue(names.containsAll(List.of("王磊", "李娜", "陈静")), "contacts in the org chart");
        given().auth().oauth2(prospect).queryParam("members", false).get("/api/portal/org-units").then()
                .body("[0].name", equalTo(made.company()));
        given().auth().oauth2(Tokens.admin()).get("/api/templates/" + key).then().body("pool.ready", equalTo(0));
    }

    @Test
    void preMadeLoginsAnAssignmentDidNotNeedStayDisabledAndServeTheNextColleagueInvited() {
        String key = filledPool("spare", 1);

        var made = given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                .body(Map.of("templateKey", key, "company", "一人公司", "contacts",
                        List.of(Tenants.contact("王磊", "wl@spare.example", "boss"))))
                .post("/api/tenants").then().statusCode(201).body("fromPool", equalTo(true)).extract().jsonPath();
        String tenant = made.getString("id");
        String prospect = Tokens.of(made.getString("accounts[0].username"), made.getString("accounts[0].initialPassword"));
        given().auth().oauth2(prospect).get("/api/portal/me").then().statusCode(200).body("company", equalTo("一人公司"));

        // the two pre-made logins nobody needed: disabled, so nobody can log in with them
        Map<String, Boolean> users = keycloakUsers(tenant);
        assertEquals(3, users.size(), users.toString());
        assertEquals(1, users.values().stream().filter(e -> e).count(), "only the person's login is enabled: " + users);

        // the next colleague gets one of them: a working login, no new Keycloak user
        var colleague = given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                .body(Tenants.contact("李娜", "ln@spare.example", "finance")).post("/api/tenants/" + tenant + "/accounts").then()
                .statusCode(201).extract().jsonPath();
        Tokens.of(colleague.getString("username"), colleague.getString("initialPassword"));
        users = keycloakUsers(tenant);
        assertEquals(3, users.size(), users.toString());
        assertEquals(Boolean.TRUE, users.get(colleague.getString("username")), "the colleague's login is enabled: " + users);
        given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + tenant).then()
                .body("accounts.username", org.hamcrest.Matchers.hasItems(made.getString("accounts[0].username"),
                        colleague.getString("username")))
                .body("accounts.size()", equalTo(2));
    }

    /** The tenant's users in Keycloak (found by their tenant attribute): username → enabled. */
    private static Map<String, Boolean> keycloakUsers(String tenant) {
        List<Map<String, Object>> list = given().baseUri(io.modelhouse.testsupport.LocalStackResource.KEYCLOAK_URL)
                .auth().oauth2(Tokens.keycloakAdmin()).queryParam("q", "tenant_id:" + tenant)
                .get("/admin/realms/modelhouse/users")
                .then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Boolean> out = new java.util.TreeMap<>();
        list.forEach(u -> out.put((String) u.get("username"), (Boolean) u.get("enabled")));
        return out;
    }

    /** A copy of the logistics template under a new key, published, with a warm pool of {@code size} built. */
    private static String filledPool(String prefix, int size) {
        String key = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        given().auth().oauth2(Tokens.admin()).contentType("application/zip")
                .body(Bundles.zip(Bundles.renamed("logistics", key)))
                .post("/api/templates").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).post("/api/templates/" + key + "/versions/1/publish").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("size", size))
                .put("/api/templates/" + key + "/pool").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).post("/api/ops/pool-refill").then().statusCode(200);
        return key;
    }
}
