package io.modelhouse.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.AppProcess;
import io.modelhouse.testsupport.ClusterInvariants;
import io.modelhouse.testsupport.LocalStackResource;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.modelhouse.testsupport.WebhookReceiver;
import io.restassured.http.ContentType;

/**
 * The cluster drill of issue 14, small: two app nodes on one database take model-house builds,
 * usage events and webhook deliveries at once, and one is killed (as by kill -9) while it is
 * building. Afterwards, with the survivor's reconciler run: no tenant is half-made, every event a
 * client was told was accepted is stored exactly once (and none it was not told about is stored
 * twice), no scheduled job ran twice for one firing, and every webhook delivery reached the CRM at
 * least once. Timings are the benchmark's business (deploy/bench/cluster.sh), not this test's.
 */
class ClusterFailoverIT {

    static final String SECRET = "cluster-drill-secret-0123456789";
    /** Builds sent to the node that dies, and to the survivor, at once. */
    static final int BUILDS_ON_VICTIM = 6;
    static final int BUILDS_ON_SURVIVOR = 3;

    @Test
    void aNodeKilledMidProvisioningLeavesNothingHalfMadeAndLosesNothingAccepted() throws Exception {
        LocalStackResource.startOnce();
        ClusterInvariants check = new ClusterInvariants(LocalStackResource.DB_PORT, LocalStackResource.KEYCLOAK_URL);
        Instant start = Instant.now();
        String drill = UUID.randomUUID().toString().substring(0, 6);
        String prefix = "集群演练" + drill + " ";
        ExecutorService clients = Executors.newFixedThreadPool(BUILDS_ON_VICTIM + BUILDS_ON_SURVIVOR + 1);
        ScheduledExecutorService tests = Executors.newSingleThreadScheduledExecutor();
        try (WebhookReceiver crm = WebhookReceiver.start(SECRET);
                AppProcess victim = AppProcess.start("cluster-victim", 18097, node("cluster-victim"));
                AppProcess survivor = AppProcess.start("cluster-survivor", 18098, node("cluster-survivor"))) {
            String admin = Tokens.admin();
            String hook = given().baseUri(survivor.url()).auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(Map.of("url", crm.url(), "secret", SECRET, "events", List.of("follow_up.created")))
                    .post("/api/webhooks").then().statusCode(201).extract().path("id");
            String prospect = Tenants.logistics(survivor.url(), prefix + "样板").prospectToken("boss");
            try {
                // everything at once, on both nodes
                AtomicBoolean going = new AtomicBoolean(true);
                Set<String> accepted = ConcurrentHashMap.newKeySet();
                Set<String> unknown = ConcurrentHashMap.newKeySet();
                Future<?> events = clients.submit(() -> sendEvents(List.of(victim, survivor), prospect, drill, going, accepted,
                        unknown));
                // test deliveries asked of the nodes in turn, five a second
                AtomicInteger turn = new AtomicInteger();
                tests.scheduleAtFixedRate(
                        () -> fireTestDelivery(turn.getAndIncrement() % 2 == 0 ? victim : survivor, admin, hook),
                        0, 200, TimeUnit.MILLISECONDS);
                List<Future<Integer>> builds = new ArrayList<>();
                for (int i = 0; i < BUILDS_ON_VICTIM; i++) {
                    builds.add(clients.submit(build(victim, prefix + "A" + i)));
                }
                for (int i = 0; i < BUILDS_ON_SURVIVOR; i++) {
                    builds.add(clients.submit(build(survivor, prefix + "B" + i)));
                }

                Awaitility.await("a build of the victim under way").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> check.states(prefix + "A").containsValue("PROVISIONING"));
                victim.kill();
                assertTrue(victim.waitForExit(30), "the victim died");
                Map<String, String> atKill = check.states(prefix + "A");

                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> b : builds) {
                    statuses.add(b.get(120, TimeUnit.SECONDS));
                }
                going.set(false);
                events.get(30, TimeUnit.SECONDS);
                tests.shutdown();
                assertTrue(tests.awaitTermination(30, TimeUnit.SECONDS));
                assertTrue(atKill.containsValue("PROVISIONING"), "killed mid-provisioning: " + atKill);
                assertEquals(List.of(201, 201, 201), statuses.subList(BUILDS_ON_VICTIM, statuses.size()),
                        "the survivor built what it was asked");

                // the survivor rolls back what the victim left, once its lease (3 s) is over
                Awaitility.await("nothing is left mid-build").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> {
                            given().baseUri(survivor.url()).auth().oauth2(Tokens.admin()).post("/api/ops/reconcile").then()
                                    .statusCode(200);
                            return !check.states(prefix).containsValue("PROVISIONING");
                        });
                assertEquals(List.of(), check.halfMade(prefix), "half-made tenants");
                Map<String, String> states = check.states(prefix);
                for (int i = 0; i < BUILDS_ON_VICTIM; i++) {
                    if (statuses.get(i) == 201) {
                        assertEquals("READY", stateOf(states, prefix + "A" + i), "a build answered 201 is READY");
                    }
                }

                Map<String, Integer> copies = check.eventCopies(drill);
                assertTrue(accepted.size() > 0, "events were accepted");
                assertEquals(List.of(), ClusterInvariants.notStoredOnce(accepted, copies), "accepted events not stored once");
                assertEquals(List.of(), unknown.stream().filter(s -> copies.getOrDefault(s, 0) > 1).toList(),
                        "events of a failed call stored twice");

                assertEquals(List.of(), check.jobsRunTwice(start), "a job that ran twice for one firing");
                Instant afterKill = Instant.now();
                Awaitility.await("the survivor keeps the schedule").atMost(Duration.ofSeconds(60))
                        .until(() -> check.jobRuns(afterKill).containsKey("expiry"));

                Map<String, String> deliveries = check.deliveries(UUID.fromString(hook));
                assertTrue(deliveries.size() > 2, "test deliveries were queued through both nodes: " + deliveries.size());
                Awaitility.await("every delivery reaches the CRM").atMost(Duration.ofSeconds(90))
                        .until(() -> crm.accepted().stream().map(WebhookReceiver.Received::delivery).collect(Collectors.toSet())
                                .containsAll(deliveries.keySet()));
                assertEquals(List.of(), check.jobsRunTwice(start), "a job that ran twice for one firing");
            } finally {
                given().baseUri(survivor.url()).auth().oauth2(Tokens.admin()).delete("/api/webhooks/" + hook).then()
                        .statusCode(204);
            }
        } finally {
            clients.shutdownNow();
            tests.shutdownNow();
        }
    }

    private static String stateOf(Map<String, String> states, String companyPrefix) {
        return states.entrySet().stream().filter(e -> e.getKey().startsWith(companyPrefix)).map(Map.Entry::getValue)
                .findFirst().orElse("absent");
    }

    /** One build; the status, or 0 when the connection died with the node. */
    private static java.util.concurrent.Callable<Integer> build(AppProcess node, String company) {
        return () -> {
            try {
                return given().baseUri(node.url()).auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                        .body(Tenants.request(company + " " + UUID.randomUUID().toString().substring(0, 4),
                                Tenants.contact("王磊", "wl." + UUID.randomUUID().toString().substring(0, 6) + "@drill.example",
                                        "boss")))
                        .post("/api/tenants").statusCode();
            } catch (Exception e) { // RestAssured rethrows the connection's IOException unchecked
                return 0;
            }
        };
    }

    /** Batches of 5 events, each marked with the drill and its own number, to the nodes in turn. */
    private static void sendEvents(List<AppProcess> nodes, String token, String drill, AtomicBoolean going,
            Set<String> accepted, Set<String> unknown) {
        AtomicInteger seq = new AtomicInteger();
        int turn = 0;
        while (going.get()) {
            List<Map<String, Object>> batch = new ArrayList<>();
            List<String> seqs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String s = String.valueOf(seq.incrementAndGet());
                seqs.add(s);
                batch.add(Map.of("type", "feature_used", "feature", "tasks", "props", Map.of("run", drill, "seq", s)));
            }
            AppProcess node = nodes.get(turn++ % nodes.size());
            int status;
            try {
                status = given().baseUri(node.url()).auth().oauth2(token).contentType(ContentType.JSON).body(batch)
                        .post("/api/portal/events").statusCode();
            } catch (Exception e) { // RestAssured rethrows the connection's IOException unchecked
                status = 0;
            }
            (status == 202 ? accepted : unknown).addAll(seqs);
        }
    }

    private static void fireTestDelivery(AppProcess node, String admin, String hook) {
        try {
            given().baseUri(node.url()).auth().oauth2(admin).post("/api/webhooks/" + hook + "/test");
        } catch (Exception e) { // RestAssured rethrows the connection's IOException unchecked
            // the victim is gone: the next one goes to the survivor
        }
    }

    private static Map<String, String> node(String instance) {
        Map<String, String> m = new HashMap<>(Map.of(
                "modelhouse.instance", instance,
                "modelhouse.reconcile.lease", "PT3S",
                "modelhouse.webhooks.lease", "PT3S", "modelhouse.webhooks.backoff", "PT0.2S",
                "modelhouse.jobs.expiry-every", "2s", "modelhouse.jobs.warnings-every", "3s",
                "modelhouse.jobs.purge-every", "3s", "modelhouse.jobs.delay", "1s"));
        return m;
    }
}
