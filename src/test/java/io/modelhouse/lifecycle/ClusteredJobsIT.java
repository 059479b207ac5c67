package io.modelhouse.lifecycle;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.AppProcess;
import io.modelhouse.testsupport.Bundles;
import io.modelhouse.testsupport.LocalStackResource;
import io.modelhouse.testsupport.Parallel;
import io.modelhouse.testsupport.Tokens;

/**
 * Two app instances on one database: clustered Quartz fires each trigger of each job on exactly
 * one of them, a job started on both at once runs once (the cluster lock), and when one is killed
 * the other carries on with the schedule.
 */
class ClusteredJobsIT {

    private static final Map<String, String> FAST_JOBS = Map.of(
            "modelhouse.jobs.expiry-every", "2s", "modelhouse.jobs.warnings-every", "3s", "modelhouse.jobs.purge-every", "3s",
            "modelhouse.jobs.delay", "1s");

    @Test
    void eachTriggerFiresOnceAndASurvivorTakesOver() throws Exception {
        LocalStackResource.startOnce();
        forgetEarlierSchedulers();
        Instant start = Instant.now();
        try (AppProcess a = AppProcess.start("node-a", 18093, with("modelhouse.instance", "node-a"));
                AppProcess b = AppProcess.start("node-b", 18094, with("modelhouse.instance", "node-b"))) {
            Awaitility.await("both nodes ran jobs, or one ran many").atMost(Duration.ofSeconds(60))
                    .until(() -> runsSince(start) >= 15);
            assertEquals(List.of(), duplicates(start), "a trigger that ran on two nodes");
            poolRefillsOnBothNodesAtOnceFillThePoolOnce(a, b);

            String survivor = lastInstance(start).equals("node-a") ? "node-b" : "node-a";
            (survivor.equals("node-a") ? b : a).kill();
            Instant killed = Instant.now();
            // a trigger the killed node had acquired waits for cluster recovery (check-in interval 5 s)
            Awaitility.await("the survivor " + survivor + " keeps the schedule").atMost(Duration.ofSeconds(90))
                    .until(() -> instancesSince(killed.plusSeconds(5)).equals(List.of(survivor))
                            && jobsSince(killed.plusSeconds(5)).containsAll(List.of("expiry", "expiry-warnings", "purge")));
            assertEquals(List.of(), duplicates(start), "a trigger that ran twice");
            assertTrue(jobsSince(killed.plusSeconds(5)).containsAll(List.of("expiry", "expiry-warnings", "purge")),
                    "every job kept running after the kill: " + jobsSince(killed.plusSeconds(5)));
        }
    }

    /**
     * The Quartz store as a fresh deployment has it: app processes of earlier tests (killed ones
     * among them) leave triggers, fired-trigger rows and scheduler check-ins behind, and this test
     * counts every run of every trigger.
     */
    private static void forgetEarlierSchedulers() throws SQLException {
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + LocalStackResource.DB_PORT + "/modelhouse",
                "modelhouse_owner", "modelhouse-owner"); var st = c.createStatement()) {
            for (String table : List.of("qrtz_fired_triggers", "qrtz_simple_triggers", "qrtz_cron_triggers",
                    "qrtz_simprop_triggers",
                    "qrtz_blob_triggers", "qrtz_triggers", "qrtz_job_details", "qrtz_scheduler_state")) {
                st.execute("DELETE FROM " + table);
            }
        }
    }

    /** Operators (or the schedule) on two nodes at once: one cluster lock, so the pool is filled once. */
    private static void poolRefillsOnBothNodesAtOnceFillThePoolOnce(AppProcess a, AppProcess b) {
        String admin = Tokens.admin();
        String key = "two-nodes-" + UUID.randomUUID().toString().substring(0, 6);
        given().baseUri(a.url()).auth().oauth2(admin).contentType("application/zip")
                .body(Bundles.zip(Bundles.renamed("logistics", key))).post("/api/templates").then().statusCode(201);
        given().baseUri(a.url()).auth().oauth2(admin).post("/api/templates/" + key + "/versions/1/publish").then()
                .statusCode(200);
        given().baseUri(a.url()).auth().oauth2(admin).contentType("application/json").body(Map.of("size", 2))
                .put("/api/templates/" + key + "/pool").then().statusCode(200);
        List<Integer> statuses = Parallel.runAll(List.of(
                () -> given().baseUri(a.url()).auth().oauth2(admin).post("/api/ops/pool-refill").statusCode(),
                () -> given().baseUri(b.url()).auth().oauth2(admin).post("/api/ops/pool-refill").statusCode()));
        assertEquals(List.of(200, 200), statuses);
        assertEquals(2, given().baseUri(b.url()).auth().oauth2(admin).get("/api/templates/" + key).then().statusCode(200)
                .extract().<Integer> path("pool.ready"), "refills on two nodes at once overfilled a pool of 2");
        given().baseUri(a.url()).auth().oauth2(admin).contentType("application/json").body(Map.of("size", 0))
                .put("/api/templates/" + key + "/pool").then().statusCode(200);
    }

    private static Map<String, String> with(String k, String v) {
        Map<String, String> m = new HashMap<>(FAST_JOBS);
        m.put(k, v);
        return m;
    }

    private static long runsSince(Instant at) throws SQLException {
        return query("SELECT count(*) FROM job_run WHERE ran_at >= ?", at).isEmpty() ? 0
                : Long.parseLong(query(
                        "SELECT count(*) FROM job_run WHERE ran_at >= ?", at).get(0));
    }

    private static List<String> duplicates(Instant at) throws SQLException {
        return query(
                "SELECT job || ' @ ' || scheduled_at FROM job_run WHERE ran_at >= ? GROUP BY job, scheduled_at HAVING count(*) > 1",
                at);
    }

    private static String lastInstance(Instant at) throws SQLException {
        return query("SELECT instance FROM job_run WHERE ran_at >= ? ORDER BY ran_at DESC LIMIT 1", at).get(0);
    }

    private static List<String> instancesSince(Instant at) throws SQLException {
        return query("SELECT DISTINCT instance FROM job_run WHERE ran_at >= ? ORDER BY 1", at);
    }

    private static List<String> jobsSince(Instant at) throws SQLException {
        return query("SELECT DISTINCT job FROM job_run WHERE ran_at >= ? ORDER BY 1", at);
    }

    private static List<String> query(String sql, Instant at) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + LocalStackResource.DB_PORT + "/modelhouse",
                "modelhouse_app", "modelhouse-app"); var st = c.prepareStatement(sql)) {
            st.setTimestamp(1, Timestamp.from(at));
            var rs = st.executeQuery();
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
