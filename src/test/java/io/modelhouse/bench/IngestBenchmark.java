package io.modelhouse.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.LocalStackResource;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Wrk;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The ingestion benchmark (deploy/bench/ingest.sh): wrk posts batches of 1–20 events with real
 * prospect tokens from 50 connections for bench.seconds (60), while a second wrk opens the portal
 * page with 10 logged-in sessions (each reads a page for a second before the next); the same
 * portal load alone first gives the baseline. The app is
 * this JVM; PostgreSQL and Keycloak are the suite's. Figures: accepted events/s (counted in the
 * table, not by the client), accept latency p50/p95/p99, the CPU split from /proc, the portal p95
 * with and without the load, and the floor: PostgreSQL COPY of as many rows, no app. It asserts
 * nothing; it measures.
 */
@QuarkusTest
@TestProfile(IngestBenchmark.AsInProduction.class)
class IngestBenchmark {

    /**
     * The intake as it is shipped: the suite's small queue (which lets a test fill it) would turn
     * this load into 429s, and the rollup job runs every 30 s as it does in production.
     */
    public static class AsInProduction implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("%test.modelhouse.usage.queue-capacity", "50000", "%test.modelhouse.usage.rollup-every", "30s",
                    "%test.modelhouse.jobs.delay", "1s");
        }
    }

    private static final int SECONDS = Integer.getInteger("bench.seconds", 60);
    private static final int BASELINE_SECONDS = Integer.getInteger("bench.baselineSeconds", 20);
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 30);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 50);
    private static final int PORTAL_CLIENTS = 10;
    /** A prospect opens a page, reads it for this long, opens the next. */
    private static final int THINK_MS = Integer.getInteger("bench.thinkMs", 1000);
    private static final int TENANTS = Integer.getInteger("bench.tenants", 10);
    private static final Path DIR = Path.of("target", "bench-ingest");

    @TestHTTPResource("/")
    URL base;

    private final StringBuilder report = new StringBuilder();

    @Test
    void ingestion() throws Exception {
        Wrk.require();
        Files.createDirectories(DIR);
        String app = base.toString().replaceAll("/$", "");
        List<String> tenantIds = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < TENANTS; i++) {
            var made = Tenants.logistics("压测公司" + i);
            tenantIds.add(made.id());
            tokens.add(made.prospectToken("boss"));
            tokens.add(made.prospectToken("dispatcher"));
            if (cookies.size() < PORTAL_CLIENTS) {
                var browser = new BrowserSession();
                String[] login = made.login(i % 2 == 0 ? "boss" : "dispatcher");
                if (browser.login(app + "/portal", login[0], login[1]).statusCode() == 200) {
                    cookies.add(browser.cookieHeader(app + "/portal"));
                }
            }
        }
        while (cookies.size() < PORTAL_CLIENTS) {
            cookies.add(cookies.get(cookies.size() % Math.max(1, cookies.size())));
        }
        Path events = Wrk.script(DIR, "events.lua", eventsScript(tokens));
        Path portal = Wrk.script(DIR, "portal.lua", portalScript(cookies));
        say("[bench] " + TENANTS + " tenants, " + tokens.size() + " prospect tokens, " + PORTAL_CLIENTS + " portal sessions");

        // warm up until the JIT is done with the hot paths (a profile of a 5 s warm-up showed the
        // compiler threads using more CPU than the requests during the measured minute), pools, partitions of today
        Process warmEvents = Wrk.run(Wrk.cmd(2, CLIENTS, WARMUP_SECONDS, events, app + "/api/portal/events"));
        Wrk.run(Wrk.cmd(1, PORTAL_CLIENTS, WARMUP_SECONDS, portal, app + "/portal")).waitFor();
        warmEvents.waitFor();

        Map<String, Double> alone = Wrk.figures(Wrk.run(Wrk.cmd(1, PORTAL_CLIENTS, BASELINE_SECONDS, portal, app + "/portal")));

        long before = count(tenantIds);
        Cpu cpuBefore = Cpu.now();
        Instant started = Instant.now();
        Process load = Wrk.run(Wrk.cmd(2, CLIENTS, SECONDS, events, app + "/api/portal/events"));
        Process pages = Wrk.run(Wrk.cmd(1, PORTAL_CLIENTS, SECONDS, portal, app + "/portal"));
        Map<String, Double> ingest = Wrk.figures(load);
        Map<String, Double> loaded = Wrk.figures(pages);
        double elapsed = (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0;
        Cpu cpuAfter = Cpu.now();
        long accepted = count(tenantIds) - before;
        double rate = accepted / (double) SECONDS;

        long floorRows = accepted;
        double floorSeconds = copyFloor(floorRows);
        double floorRate = floorRows / floorSeconds;

        double rollupStart = System.nanoTime();
        int rollupRows = rollup();
        double rollupSeconds = (System.nanoTime() - rollupStart) / 1e9;

        double p99 = ingest.get("p99") / 1000.0;
        double portalChange = loaded.get("p95") / alone.get("p95") - 1;
        double ratio = floorRate / rate;
        line("| what | figure | target |");
        line("|---|---|---|");
        line("| events accepted (counted in usage_event) | " + accepted + " in " + SECONDS + " s | |");
        line("| **accepted events/s** | **" + (long) Math.floor(rate) + "** | ≥ 10,000: "
                + (rate >= 10_000 ? "met"
                        : "missed by " + (long) Math.ceil(10_000 - rate) + " events/s ("
                                + Wrk.down(100 * (1 - rate / 10_000)) + " % short)")
                + " |");
        line("| calls answered (wrk), non-2xx, of which 429 / 503 | " + ingest.get("requests").longValue() + ", "
                + ingest.get("errors").longValue() + ", " + ingest.getOrDefault("s429", 0.0).longValue() + " / "
                + ingest.getOrDefault("s503", 0.0).longValue() + " | |");
        line("| accept latency p50 / p95 / **p99** ms | " + Wrk.ms(ingest.get("p50")) + " / " + Wrk.ms(ingest.get("p95"))
                + " / **"
                + Wrk.ms(ingest.get("p99")) + "** | p99 ≤ 50: "
                + (p99 <= 50 ? "met" : "missed by " + Wrk.down(p99 - 50) + " ms")
                + " |");
        line("| portal page p95 ms, 10 sessions (a page each per " + THINK_MS + " ms of reading), alone / under load | "
                + Wrk.ms(alone.get("p95")) + " / " + Wrk.ms(loaded.get("p95")) + " (" + Wrk.percent(portalChange)
                + ") | ≤ +20 %: "
                + (portalChange <= 0.20 ? "met" : "missed by " + Wrk.down(100 * portalChange - 20) + " points") + " |");
        line("| portal pages/s alone / under load | " + Wrk.down(alone.get("requests") / BASELINE_SECONDS) + " / "
                + Wrk.down(loaded.get("requests") / SECONDS) + " | |");
        line("| raw floor: COPY of " + floorRows + " rows into usage_event, no app | " + Wrk.down(floorSeconds) + " s = "
                + (long) Math.floor(floorRate) + " rows/s | |");
        line("| **ratio floor rate / app rate** | **" + Wrk.down(ratio) + "** | ≤ 3: "
                + (ratio <= 3 ? "met" : "missed by " + Wrk.down(ratio - 3)) + " |");
        line("| rollup of the run afterwards (rows written) | " + Wrk.down(rollupSeconds) + " s (" + rollupRows + ") | |");
        line("");
        line("CPU during the load (" + Wrk.down(elapsed) + " s wall, " + Cpu.CORES + " cores = "
                + Wrk.down(elapsed * Cpu.CORES) + " core-seconds):");
        line("");
        line("| process | core-seconds | share of the machine |");
        line("|---|---|---|");
        Map<String, Double> split = cpuAfter.minus(cpuBefore);
        for (var e : split.entrySet()) {
            line("| " + e.getKey() + " | " + Wrk.down(e.getValue()) + " | "
                    + Wrk.down(100 * e.getValue() / (elapsed * Cpu.CORES))
                    + " % |");
        }
        line("");
        line("ingest_events_per_s=" + (long) Math.floor(rate) + " p99_ms=" + Wrk.ms(ingest.get("p99")) + " floor_ratio="
                + Wrk.down(ratio) + " portal_p95_change=" + Wrk.percent(portalChange));
        String out = System.getProperty("bench.out");
        if (out != null) {
            Files.writeString(Path.of(out), report.toString(), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    // ---- the load scripts (wrk's Lua): each request takes the next token/session and batch size

    private static String eventsScript(List<String> tokens) {
        StringBuilder lua = new StringBuilder("local tokens = {");
        lua.append(tokens.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(",")));
        lua.append("}\nlocal bodies = {}\n");
        String[][] kinds = { { "page_view", "records.delivery_order" }, { "feature_used", "tasks" },
                { "feature_used", "org_chart" }, { "search", "search" }, { "doc_opened", "knowledge" },
                { "record_updated", "records.delivery_order" }, { "approval_decided", "approvals" } };
        for (int size = 1; size <= 20; size++) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < size; i++) {
                String[] k = kinds[(size + i) % kinds.length];
                body.append(i == 0 ? "" : ",").append("{\"type\":\"").append(k[0]).append("\",\"feature\":\"").append(k[1])
                        .append("\",\"target\":\"PS-").append(1000 + i).append("\"")
                        .append(k[0].equals("page_view") ? ",\"durationMs\":" + (800 + 97 * i) : "")
                        .append(",\"props\":{\"n\":").append(i).append("}}");
            }
            body.append("]");
            lua.append("bodies[").append(size).append("] = '").append(body).append("'\n");
        }
        lua.append("""
                local n = 0
                request = function()
                  n = n + 1
                  local headers = {}
                  headers["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1]
                  headers["Content-Type"] = "application/json"
                  return wrk.format("POST", nil, headers, bodies[(n % 20) + 1])
                end
                """).append(Wrk.DONE);
        return lua.toString();
    }

    private static String portalScript(List<String> cookies) {
        return "local cookies = {" + cookies.stream().map(c -> "\"" + c.replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",")) + "}\n" + """
                        local n = 0
                        request = function()
                          n = n + 1
                          local headers = {}
                          headers["Cookie"] = cookies[(n % #cookies) + 1]
                          headers["Accept"] = "text/html"
                          return wrk.format("GET", nil, headers, nil)
                        end
                        -- a person reads a page before opening the next one
                        delay = function()
                          return THINK_MS
                        end
                        """.replace("THINK_MS", String.valueOf(THINK_MS)) + Wrk.DONE;
    }

    // ---- the database side

    private static Connection owner() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + LocalStackResource.DB_PORT + "/modelhouse",
                "modelhouse_owner", "modelhouse-owner");
    }

    private static long count(List<String> tenants) throws SQLException {
        try (Connection c = owner(); var st = c.prepareStatement("SELECT count(*) FROM usage_event WHERE tenant_id = ANY(?)")) {
            st.setArray(1, c.createArrayOf("uuid", tenants.stream().map(UUID::fromString).toArray()));
            var rs = st.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The floor: the same number of rows, of the same shape, straight into usage_event with COPY
     * (one statement, no app, no JSON), then removed again. Returns the seconds it took.
     */
    private static double copyFloor(long rows) throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID account = UUID.randomUUID();
        StringBuilder csv = new StringBuilder();
        Instant now = Instant.now();
        for (long i = 0; i < rows; i++) {
            csv.append(tenant).append(',').append(now.minusMillis(i % 60_000)).append(',').append(UUID.randomUUID())
                    .append(',').append(account).append(",boss,feature_used,tasks,PS-").append(1000 + i % 20)
                    .append(",,\"{\"\"n\"\": ").append(i % 20).append("}\",client\n");
        }
        byte[] data = csv.toString().getBytes(StandardCharsets.UTF_8);
        try (Connection c = owner()) {
            long t0 = System.nanoTime();
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY usage_event (tenant_id, at, id, account_id, role, type,"
                    + " feature, target, duration_ms, props, origin) FROM STDIN WITH (FORMAT csv)",
                    new ByteArrayInputStream(data));
            double seconds = (System.nanoTime() - t0) / 1e9;
            try (var st = c.prepareStatement("DELETE FROM usage_event WHERE tenant_id = ?")) {
                st.setObject(1, tenant);
                st.executeUpdate();
            }
            return seconds;
        }
    }

    private int rollup() throws SQLException {
        try (Connection c = owner(); var st = c.prepareStatement("SELECT mh_usage_rollup('2 minutes'::interval)")) {
            var rs = st.executeQuery();
            rs.next();
            return rs.getInt(1);
        }
    }

    // ---- CPU from /proc: this JVM (the app), PostgreSQL's processes, Keycloak's, and the rest

    private record Cpu(Map<String, Long> ticks) {
        static final int CORES = Runtime.getRuntime().availableProcessors();
        static final double HZ = 100.0;

        static Cpu now() throws IOException {
            Map<String, Long> t = new LinkedHashMap<>();
            long self = ProcessHandle.current().pid();
            long app = 0;
            long pg = 0;
            long kc = 0;
            for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
                String cmd = p.info().commandLine().orElse("");
                long used = ticks(p.pid());
                if (p.pid() == self) {
                    app += used;
                } else if (cmd.contains("postgres")) {
                    pg += used;
                } else if (cmd.contains("keycloak")) {
                    kc += used;
                }
            }
            t.put("app (this JVM: Quarkus, the writer)", app);
            t.put("PostgreSQL (all its processes)", pg);
            t.put("Keycloak", kc);
            t.put("machine total (all processes)", total());
            return new Cpu(t);
        }

        private static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        private static long total() throws IOException {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long sum = 0;
            for (int i : new int[] { 1, 2, 3, 6, 7, 8 }) { // user nice system irq softirq steal
                sum += Long.parseLong(f[i]);
            }
            return sum;
        }

        Map<String, Double> minus(Cpu before) {
            Map<String, Double> d = new LinkedHashMap<>();
            ticks.forEach((k, v) -> d.put(k, (v - before.ticks.get(k)) / HZ));
            double rest = d.get("machine total (all processes)") - d.values().stream().limit(3).mapToDouble(x -> x).sum();
            d.put("the rest (wrk ×2, the OS)", rest);
            return d;
        }
    }

    private void line(String s) {
        report.append(s).append('\n');
        say("[bench] " + s);
    }

    private static void say(String s) {
        System.out.println(s);
    }
}
