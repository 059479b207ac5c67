package io.modelhouse.provisioning;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.modelhouse.tenant.FaultInjection;
import io.modelhouse.testsupport.Parallel;
import io.modelhouse.testsupport.Pools;
import io.modelhouse.testsupport.Settled;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** One Idempotency-Key, many parallel creates: one tenant, and every caller is told about that one. */
@QuarkusTest
class IdempotencyRaceTest {

    @Inject
    FaultInjection faults;
    @Inject
    AgroalDataSource db;

    private List<Response> createsAtOnce(int n, String templateKey, String company, String key) {
        String token = Tokens.presales();
        var body = new java.util.HashMap<>(Tenants.request(company, Tenants.contact("王磊", "wl@idem.example", "boss")));
        body.put("templateKey", templateKey);
        return Parallel.run(n, () -> given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).post("/api/tenants"));
    }

    private static void assertOneTenant(List<Response> answers, String company) {
        List<Integer> statuses = answers.stream().map(Response::statusCode).toList();
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 201 || s == 409), "answers " + statuses);
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), "one create made the tenant: " + statuses);
        Set<String> ids = answers.stream().filter(r -> r.statusCode() < 300).map(r -> r.jsonPath().getString("id"))
                .collect(Collectors.toSet());
        assertEquals(1, ids.size(), "every success names the same tenant: " + ids);
        given().auth().oauth2(Tokens.presales()).queryParam("q", company).get("/api/tenants").then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void parallelColdCreatesWithOneKeyMakeOneTenant() {
        String company = "幂等物流 " + UUID.randomUUID().toString().substring(0, 6);
        assertOneTenant(createsAtOnce(6, "logistics", company, "idem-" + UUID.randomUUID()), company);
        Settled.assertSettled();
    }

    /**
     * The window made wide: the first create stops right after it found no tenant for the key, and
     * the second arrives then. The second must wait for the first (or be told about it), never make
     * a second tenant.
     */
    @Test
    void aSecondCreateArrivingAfterTheFirstCheckedTheKeyWaitsForIt() throws Exception {
        String company = "幂等窗口物流 " + UUID.randomUUID().toString().substring(0, 6);
        String key = "idem-" + UUID.randomUUID();
        String token = Tokens.presales();
        var body = Tenants.request(company, Tenants.contact("王磊", "wl@idem-window.example", "boss"));
        var hold = faults.holdAt("create.key-checked");
        Future<Response> first = Parallel.background(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body).post("/api/tenants"));
        hold.awaitReached();
        Future<Response> second = Parallel.background(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body).post("/api/tenants"));
        Awaitility.await("the second create is answered or waits for the key").atMost(Duration.ofSeconds(30))
                .until(() -> second.isDone() || advisoryLockWaiters() > 0);
        hold.release();
        assertOneTenant(List.of(first.get(2, TimeUnit.MINUTES), second.get(2, TimeUnit.MINUTES)), company);
        Settled.assertSettled();
    }

    private long advisoryLockWaiters() throws Exception {
        try (var c = db.getConnection();
                var st = c.createStatement();
                var rs = st.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void parallelPoolCreatesWithOneKeyMakeOneTenantAndKeepThePool() {
        String key = Pools.filled("idem-pool", 3);
        String company = "幂等池物流 " + UUID.randomUUID().toString().substring(0, 6);
        assertOneTenant(createsAtOnce(4, key, company, "idem-" + UUID.randomUUID()), company);
        assertEquals(2, Pools.ready(key), "only one pooled tenant was used");
        Pools.size(key, 0);
        Settled.assertSettled();
    }
}
