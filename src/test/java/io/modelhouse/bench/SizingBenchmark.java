package io.modelhouse.bench;

import static io.restassured.RestAssured.given;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.modelhouse.identity.KeycloakDirectory;
import io.modelhouse.testsupport.LocalStackResource;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.modelhouse.testsupport.Wrk;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The per-tenant figures of the sizing plan (deploy/bench/sizing.sh; src/site/markdown/scale-out.md):
 * for each bundled template, the rows one model house of 3 contacts adds to each data-plane table,
 * and the bytes on disk (tables, indexes, TOAST) it adds to the app's database and to Keycloak's,
 * measured as the growth of both over bench.tenants builds on the suite's fresh database; then the
 * bytes one usage event adds (usage_event with its partitions and indexes) over bench.events events
 * posted through the API, and the rollup rows they make. It asserts nothing; it measures.
 */
@QuarkusTest
class SizingBenchmark {

    private static final int TENANTS = Integer.getInteger("bench.tenants", 5);
    private static final int EVENTS = Integer.getInteger("bench.events", 20_000);
    /** Users in the realm for the largest listing measured (a quarter of it is measured too). */
    private static final int LISTED = Integer.getInteger("bench.listed", 20_000);
    private static final List<String> TEMPLATES = List.of("logistics", "government", "agri-market", "manufacturing");
    private static final Map<String, String> ROLES = Map.of("logistics", "boss", "government", "director", "agri-market", "gm",
            "manufacturing", "ceo");
    private static final List<String> DATA_PLANE = List.of("org_unit", "member", "business_record", "workspace_item",
            "usage_event", "usage_daily");

    private final StringBuilder report = new StringBuilder();

    @Inject
    KeycloakDirectory directory;

    @Test
    void sizing() throws Exception {
        String presales = Tokens.presales();
        line("Per model house (3 contacts), mean of " + TENANTS + " cold builds per template on a fresh database:");
        line("");
        line("| template | rows: " + String.join(" / ", DATA_PLANE.subList(0, 4)) + " | rows in all | app database bytes"
                + " KiB (tables + indexes) | Keycloak users + organizations |");
        line("|---|---|---|---|---|");
        // Keycloak's database grows by whole pages and reuses free space: one mean over every build
        long kcStart = keycloakBytes();
        for (String template : TEMPLATES) {
            long appBefore = appBytes();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < TENANTS; i++) {
                String slug = UUID.randomUUID().toString().substring(0, 8);
                ids.add(given().auth().oauth2(presales).contentType(ContentType.JSON)
                        .body(Map.of("templateKey", template, "company", "规模测算 " + template + " " + slug, "contacts",
                                List.of(Tenants.contact("王磊", "wl." + slug + "@sizing.example", ROLES.get(template)),
                                        Tenants.contact("李娜", "ln." + slug + "@sizing.example", ROLES.get(template)),
                                        Tenants.contact("陈静", "cj." + slug + "@sizing.example", ROLES.get(template)))))
                        .post("/api/tenants").then().statusCode(201).extract().path("id"));
            }
            long app = (appBytes() - appBefore) / TENANTS;
            Map<String, Long> rows = rows(ids);
            long all = rows.values().stream().mapToLong(Long::longValue).sum();
            line("| " + template + " | " + rows.get("org_unit") + " / " + rows.get("member") + " / "
                    + rows.get("business_record")
                    + " / " + rows.get("workspace_item") + " | " + all + " | " + kib(app) + " | 3 + 1 |");
        }
        line("");
        line("Keycloak's database grew by " + kib((keycloakBytes() - kcStart) / (TENANTS * TEMPLATES.size()))
                + " KiB per model house (mean over all " + TENANTS * TEMPLATES.size() + " builds).");
        line("");

        // usage: events as a prospect's browser sends them, 100 a call
        var house = Tenants.logistics("规模测算 事件");
        String prospect = house.prospectToken("boss");
        long before = tableBytes("usage_event");
        long dailyBefore = tableBytes("usage_daily");
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"type\":\"").append(i % 2 == 0 ? "page_view" : "feature_used")
                    .append("\",\"feature\":\"records.delivery_order\",\"target\":\"/portal/records/delivery_order?page=")
                    .append(i % 7).append("\",\"durationMs\":").append(1000 + i * 37).append('}');
        }
        batch.append(']');
        for (int sent = 0; sent < EVENTS; sent += 100) {
            given().auth().oauth2(prospect).contentType(ContentType.JSON).body(batch.toString()).post("/api/portal/events")
                    .then()
                    .statusCode(202);
        }
        long perEvent = (tableBytes("usage_event") - before) / EVENTS;
        rollup();
        long daily = tableBytes("usage_daily") - dailyBefore;
        long rolled = rows(List.of(house.id()), "usage_daily");
        line("| usage | figure |");
        line("|---|---|");
        line("| bytes on disk per usage event (heap, indexes, partition), over " + EVENTS + " events | " + perEvent + " |");
        line("| rollup rows made from them (one prospect, one day): usage_daily | " + rolled + " (" + kib(daily) + " KiB) |");
        line("");
        keycloakListing();
        line("sizing_events=" + EVENTS + " bytes_per_event=" + perEvent);
        String out = System.getProperty("bench.out");
        if (out != null) {
            Files.writeString(Path.of(out), report.toString(), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    /**
     * The reconciler reads every trial user of the realm on each run (KeycloakDirectory.trialUsers:
     * pages of 500 by offset). How long that takes as the realm grows: users are added with a
     * partial import (no passwords, so argon2 does not set the pace), then listed by that same call.
     */
    private void keycloakListing() {
        String admin = Tokens.keycloakAdmin();
        line("| users in the realm | listing them all the reconciler's way (pages of 500) | users listed/s |");
        line("|---|---|---|");
        int made = 0;
        for (int target : List.of(LISTED / 4, LISTED)) {
            while (made < target) {
                int n = Math.min(1000, target - made);
                List<Map<String, Object>> users = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    users.add(Map.of("username", "sizing-" + (made + i), "enabled", true, "attributes",
                            Map.of("tenant_id", List.of(UUID.randomUUID().toString()))));
                }
                given().baseUri(LocalStackResource.KEYCLOAK_URL).auth().oauth2(admin).contentType(ContentType.JSON)
                        .body(Map.of("ifResourceExists", "SKIP", "users", users)).post("/admin/realms/modelhouse/partialImport")
                        .then().statusCode(200);
                made += n;
            }
            long t0 = System.nanoTime();
            int listed = directory.trialUsers().size();
            double seconds = (System.nanoTime() - t0) / 1e9;
            line("| " + listed + " | " + Wrk.down(seconds) + " s | " + Wrk.down(listed / seconds) + " |");
        }
        line("");
    }

    /** Rows of each data-plane table that belong to the tenants, per tenant. */
    private static Map<String, Long> rows(List<String> ids) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String table : DATA_PLANE.subList(0, 4)) {
            out.put(table, rows(ids, table) / ids.size());
        }
        return out;
    }

    private static long rows(List<String> ids, String table) throws SQLException {
        try (Connection c = LocalStackResource.ownerConnection();
                PreparedStatement ps = c
                        .prepareStatement("SELECT count(*) FROM " + table + " WHERE tenant_id::text = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The data plane's bytes on disk: every table with its partitions, indexes and TOAST. */
    private static long appBytes() throws SQLException {
        long sum = 0;
        for (String t : DATA_PLANE) {
            sum += tableBytes(t);
        }
        return sum;
    }

    private static long tableBytes(String table) throws SQLException {
        try (Connection c = LocalStackResource.ownerConnection();
                PreparedStatement ps = c.prepareStatement(
                        // pg_partition_tree lists nothing for a plain table, and a partitioned parent has no storage of its own
                        "SELECT pg_total_relation_size(t) + coalesce((SELECT sum(pg_total_relation_size(relid))"
                                + " FROM pg_partition_tree(t) WHERE relid <> t), 0) FROM CAST(? AS regclass) AS t")) {
            ps.setString(1, table);
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long keycloakBytes() throws SQLException {
        try (Connection c = LocalStackResource.ownerConnection(); var st = c.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT pg_database_size('keycloak')");
            rs.next();
            return rs.getLong(1);
        }
    }

    /** What the rollup job does, at once (its margin reaches back over this run's events). */
    private static int rollup() throws SQLException {
        try (Connection c = LocalStackResource.ownerConnection();
                var st = c.prepareStatement("SELECT mh_usage_rollup('1 hour'::interval)")) {
            var rs = st.executeQuery();
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String kib(long bytes) {
        return Wrk.down(bytes / 1024.0);
    }

    private void line(String s) {
        report.append(s).append('\n');
        System.out.println("[bench] " + s);
    }
}
