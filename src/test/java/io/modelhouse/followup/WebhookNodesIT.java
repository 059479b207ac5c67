package io.modelhouse.followup;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.AppProcess;
import io.modelhouse.testsupport.LocalStackResource;
import io.modelhouse.testsupport.Tokens;
import io.modelhouse.testsupport.WebhookReceiver;

/**
 * The webhook outbox on two app nodes, one of which is killed mid-delivery: every delivery still
 * reaches the receiver (at least once, the same key on a repeat, always signed), the survivor taking
 * over the dead node's claims when their lease ends.
 */
class WebhookNodesIT {

    static final String SECRET = "two-nodes-secret-0123456789";
    static final int DELIVERIES = 200;
    /**
     * Fast webhook retries, and no scheduler at all (the senders are not scheduled jobs): a node
     * killed here must not leave clustered Quartz state behind, nor fire other nodes' triggers,
     * for the next test's nodes (ClusteredJobsIT counts every run).
     */
    static final Map<String, String> CONFIG = Map.of("modelhouse.webhooks.lease", "PT3S", "modelhouse.webhooks.backoff",
            "PT0.2S", "modelhouse.webhooks.batch", "16", "quarkus.scheduler.enabled", "false");

    @Test
    void twoNodesDeliverEverythingEvenWhenOneDiesHoldingClaims() throws Exception {
        LocalStackResource.startOnce();
        try (WebhookReceiver crm = WebhookReceiver.start(SECRET);
                AppProcess a = AppProcess.start("hooks-a", 18095, with("hooks-a"));
                AppProcess b = AppProcess.start("hooks-b", 18096, with("hooks-b"))) {
            crm.delay(150);
            String hook = given().baseUri(a.url()).auth().oauth2(Tokens.admin()).contentType("application/json")
                    .body(Map.of("url", crm.url(), "secret", SECRET, "events", List.of("follow_up.created")))
                    .post("/api/webhooks")
                    .then().statusCode(201).extract().path("id");
            try {
                Set<String> queued = queue(UUID.fromString(hook));
                // both nodes are sending; node a dies while it holds claims
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> crm.accepted().size() >= 30);
                a.kill();
                Awaitility.await("every delivery arrives, the dead node's after its lease").atMost(Duration.ofSeconds(90))
                        .until(() -> delivered(crm).containsAll(queued));
                assertTrue(crm.received().stream().allMatch(WebhookReceiver.Received::signatureValid), "always signed");
                Set<String> keys = new HashSet<>();
                crm.accepted().forEach(r -> keys.add(r.delivery()));
                assertEquals(queued, keys, "nothing but what was queued");
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pending(UUID.fromString(hook)) == 0);
            } finally {
                given().baseUri(b.url()).auth().oauth2(Tokens.admin()).delete("/api/webhooks/" + hook).then().statusCode(204);
            }
        }
    }

    private static Set<String> delivered(WebhookReceiver crm) {
        Set<String> s = new HashSet<>();
        crm.accepted().forEach(r -> s.add(r.delivery()));
        return s;
    }

    /** Deliveries written straight into the outbox, as a burst of events would, all due now. */
    private static Set<String> queue(UUID hook) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = owner();
                PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_delivery (id, webhook_id, event,"
                        + " body, state, next_at, created_at) SELECT x.id, ?, 'webhook.test', json_build_object('delivery', x.id,"
                        + " 'event', 'webhook.test')::text, 'pending', now(), now()"
                        + " FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, ?)) x RETURNING id")) {
            ps.setObject(1, hook);
            ps.setInt(2, DELIVERIES);
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static long pending(UUID hook) throws Exception {
        try (Connection c = owner();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM webhook_delivery WHERE webhook_id = ? AND state <> 'delivered'")) {
            ps.setObject(1, hook);
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection owner() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + LocalStackResource.DB_PORT + "/modelhouse",
                "modelhouse_owner", "modelhouse-owner");
    }

    private static Map<String, String> with(String instance) {
        Map<String, String> m = new java.util.HashMap<>(CONFIG);
        m.put("modelhouse.instance", instance);
        return m;
    }
}
