package io.modelhouse.usage;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.AppProcess;
import io.modelhouse.testsupport.LocalStackResource;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.restassured.http.ContentType;

/**
 * A 202 means committed: an app process is killed (SIGKILL, as kill -9) while clients post events;
 * after a restart every event whose call was answered 202 is in the table, exactly once. Then the
 * restarted app is stopped cleanly under the same load: it drains what it accepted before it ends.
 */
class UsageCrashIT {

    private static final int PORT = 18093;
    private static final int CLIENTS = 8;
    private static final int PER_CALL = 10;
    private static final Map<String, String> CONFIG = Map.of("modelhouse.jobs.expiry-every", "off",
            "modelhouse.jobs.warnings-every", "off", "modelhouse.jobs.purge-every", "off");

    @Test
    void everyEventAnswered202SurvivesAKillOrAStopExactlyOnce() throws Exception {
        LocalStackResource.startOnce();
        AppProcess app = AppProcess.start("usage-crash", PORT, CONFIG);
        String tenant;
        String token;
        try {
            String slug = UUID.randomUUID().toString().substring(0, 8);
            var created = given().baseUri(app.url()).auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                    .body(Tenants.request("断电演练 " + slug, Tenants.contact("王磊", "wl." + slug + "@crash.example", "boss")))
                    .post("/api/tenants").then().statusCode(201).extract().jsonPath();
            tenant = created.getString("id");
            token = Tokens.of(created.getString("accounts[0].username"), created.getString("accounts[0].initialPassword"));
        } catch (RuntimeException | Error e) {
            app.kill();
            throw e;
        }

        String killed = UUID.randomUUID().toString();
        Set<String> acknowledged = underLoad(app, token, killed, () -> {
            app.kill();
            assertTrue(app.waitForExit(30), "the app died");
        });
        assertStoredExactlyOnce(tenant, killed, acknowledged);

        AppProcess again = AppProcess.start("usage-crash-restarted", PORT, CONFIG);
        try {
            given().baseUri(again.url()).auth().oauth2(Tokens.presales()).get("/api/tenants/" + tenant + "/events?size=5")
                    .then().statusCode(200).body("items.size()", org.hamcrest.Matchers.equalTo(5));
            String stopped = UUID.randomUUID().toString();
            Set<String> drained = underLoad(again, token, stopped, () -> {
                again.close(); // SIGTERM: a clean shutdown
            });
            assertStoredExactlyOnce(tenant, stopped, drained);
        } finally {
            again.kill();
        }
    }

    private interface Stop {
        void run() throws Exception;
    }

    /** Clients post marked events until 200 calls were answered 202, then the app is stopped; the marks answered 202. */
    private static Set<String> underLoad(AppProcess app, String token, String run, Stop stop) throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int call = 0; !done.get(); call++) {
                        List<String> keys = new ArrayList<>();
                        StringBuilder body = new StringBuilder("[");
                        for (int i = 0; i < PER_CALL; i++) {
                            String key = client + "-" + call + "-" + i;
                            keys.add(key);
                            body.append(i == 0 ? "" : ",").append("{\"type\":\"feature_used\",\"feature\":\"records\",")
                                    .append("\"props\":{\"run\":\"").append(run).append("\",\"k\":\"").append(key)
                                    .append("\"}}");
                        }
                        body.append("]");
                        try {
                            var r = http.send(HttpRequest.newBuilder(URI.create(app.url() + "/api/portal/events"))
                                    .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 202) {
                                acknowledged.addAll(keys);
                                answered.incrementAndGet();
                            }
                        } catch (Exception e) {
                            return; // the app is gone
                        }
                    }
                });
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() >= 200);
            stop.run();
        } finally {
            done.set(true);
            clients.shutdown();
            assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS), "the clients ended");
        }
        assertTrue(acknowledged.size() >= 200 * PER_CALL, "the drill acknowledged " + acknowledged.size() + " events");
        return Set.copyOf(acknowledged);
    }

    private static void assertStoredExactlyOnce(String tenant, String run, Set<String> acknowledged) throws Exception {
        Map<String, Integer> stored = new HashMap<>();
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + LocalStackResource.DB_PORT + "/modelhouse", "modelhouse_owner",
                "modelhouse-owner");
                var st = c.prepareStatement("SELECT props->>'k', count(*) FROM usage_event WHERE tenant_id = ?::uuid"
                        + " AND props->>'run' = ? GROUP BY 1")) {
            st.setString(1, tenant);
            st.setString(2, run);
            var rs = st.executeQuery();
            while (rs.next()) {
                stored.put(rs.getString(1), rs.getInt(2));
            }
        }
        List<String> lost = acknowledged.stream().filter(k -> !stored.containsKey(k)).sorted().limit(20).toList();
        assertEquals(List.of(), lost, "acknowledged events missing (" + acknowledged.size() + " acknowledged)");
        List<String> twice = stored.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).limit(20)
                .toList();
        assertEquals(List.of(), twice, "events stored more than once");
    }
}
