package io.modelhouse.bench;

import static io.restassured.RestAssured.given;

import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Wrk;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The request path's speed (deploy/bench/pages.sh): bench.sessions (50) logged-in prospects of
 * bench.tenants (10) model houses (distinct logins) load each hot page with no pause (closed loop),
 * each for bench.seconds (30) after bench.warmupSeconds (20) of warm-up; the console's queue and
 * tenant page likewise with staff sessions. In the same run, the floors: {@code /q/health/live} (the
 * HTTP stack alone) and {@code GET /trial} (a public Qute page, no session), and each page's
 * throughput as a fraction of them. CPU per page is the app's (this JVM) plus PostgreSQL's and
 * Keycloak's processes, read from /proc before and after each measured run. The app is this JVM,
 * as shipped (the ingestion benchmark's profile); PostgreSQL and Keycloak are the suite's.
 */
@QuarkusTest
@TestProfile(IngestBenchmark.AsInProduction.class)
class PagesBenchmark {

    private static final int SECONDS = Integer.getInteger("bench.seconds", 30);
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 20);
    private static final int SESSIONS = Integer.getInteger("bench.sessions", 50);
    private static final int TENANTS = Integer.getInteger("bench.tenants", 10);
    private static final Path DIR = Path.of("target", "bench-pages");

    @TestHTTPResource("/")
    URL base;

    private final StringBuilder report = new StringBuilder();

    /** One logged-in session and the paths of its own tenant. */
    record Session(String cookie, String recordPath, String tenantPath) {
    }

    /** A page to measure: whose sessions, which path (null: each session's own), its targets. */
    record Page(String name, List<Session> sessions, String path, double minPerSecond, double maxP95, boolean portal) {
    }

    record Figures(double perSecond, double p50, double p95, double p99, long non2xx, double cpuMsPerPage) {
    }

    @Test
    void pages() throws Exception {
        Wrk.require();
        String app = base.toString().replaceAll("/$", "");
        List<Session> prospects = new ArrayList<>();
        List<Tenants.Made> made = new ArrayList<>();
        for (int i = 0; i < TENANTS; i++) {
            made.add(Tenants.logistics("页面压测" + i));
        }
        for (int i = 0; i < SESSIONS; i++) {
            var t = made.get(i % TENANTS);
            String id = given().auth().oauth2(t.prospectToken("boss")).get("/api/portal/records?type=delivery_order&page=0")
                    .then().statusCode(200).extract().jsonPath().getString("items[" + (i % 15) + "].id");
            var browser = new BrowserSession();
            // distinct logins: a tenant's boss and dispatcher, and colleagues invited for the run
            String[] login = i < 2 * TENANTS ? t.login(i / TENANTS == 0 ? "boss" : "dispatcher") : invite(t, i);
            if (browser.login(app + "/portal", login[0], login[1]).statusCode() != 200) {
                throw new IllegalStateException("session " + i + " could not log in");
            }
            prospects.add(new Session(browser.cookieHeader(app + "/portal"), "/portal/records/delivery_order/" + id,
                    "/console/tenants/" + t.id()));
        }
        List<Session> staff = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            var browser = new BrowserSession();
            String who = i % 2 == 0 ? "presales" : "admin";
            if (browser.login(app + "/console", who, who).statusCode() != 200) {
                throw new IllegalStateException("staff session " + i + " could not log in");
            }
            staff.add(new Session(browser.cookieHeader(app + "/console"), null,
                    "/console/tenants/" + made.get(i % TENANTS).id()));
        }
        int cookieBytes = prospects.stream().mapToInt(s -> s.cookie().replaceAll("(?:^|; )(?!q_session)[^=]+=[^;]*", "")
                .length()).max().orElse(0);
        say("[bench] " + TENANTS + " tenants, " + SESSIONS + " sessions, closed loop, " + WARMUP_SECONDS + " s warm-up, "
                + SECONDS + " s a page");

        List<Session> none = List.of(new Session("", null, null));
        Figures health = measure(app, new Page("floor", none, "/q/health/live", 0, 0, false));
        Figures trial = measure(app, new Page("floor", none, "/trial", 0, 0, false));

        List<Page> pages = new ArrayList<>();
        pages.add(new Page("dashboard `/portal`", prospects, "/portal", 800, 60, true));
        for (String view : List.of("channels", "announcements", "approvals", "tasks", "integrations", "scenarios")) {
            pages.add(new Page("view `/portal?view=" + view + "`", prospects, "/portal?view=" + view, 400, 100, true));
        }
        pages.add(new Page("record list `/portal/records/delivery_order`", prospects, "/portal/records/delivery_order", 400,
                100, true));
        pages.add(new Page("record page `/portal/records/delivery_order/{id}`", prospects, null, 400, 100, true));
        pages.add(new Page("console queue `/console`", staff, "/console", 400, 100, false));
        pages.add(new Page("console tenant page `/console/tenants/{id}`", staff, null, 400, 100, false));

        line("Floors in this run: `/q/health/live` " + Wrk.down(health.perSecond()) + " requests/s (p50 " + Wrk.ms(health.p50())
                + " ms, " + Wrk.down(health.cpuMsPerPage()) + " ms CPU each); `GET /trial` (public Qute page, no session) "
                + Wrk.down(trial.perSecond()) + " pages/s (p50 " + Wrk.ms(trial.p50()) + " ms, p95 " + Wrk.ms(trial.p95())
                + " ms, " + Wrk.down(trial.cpuMsPerPage()) + " ms CPU each).");
        line("");
        line("| page (" + SESSIONS
                + " sessions, closed loop) | pages/s | p50 / p95 / p99 ms | non-2xx | × `/trial` | × health | CPU ms a page (app+PG+KC) | target | verdict |");
        line("|---|---|---|---|---|---|---|---|---|");
        for (Page p : pages) {
            Figures f = measure(app, p);
            List<String> missed = new ArrayList<>();
            if (f.perSecond() < p.minPerSecond()) {
                missed.add("pages/s short by " + Wrk.down(p.minPerSecond() - f.perSecond()));
            }
            if (f.p95() / 1000.0 > p.maxP95()) {
                missed.add("p95 over by " + Wrk.down(f.p95() / 1000.0 - p.maxP95()) + " ms");
            }
            if (p.path() != null && p.path().equals("/portal")) {
                if (f.p99() / 1000.0 > 150) {
                    missed.add("p99 over by " + Wrk.down(f.p99() / 1000.0 - 150) + " ms");
                }
                if (f.perSecond() / trial.perSecond() < 0.5) {
                    missed.add("× /trial short of 0.5 by " + Wrk.down(0.5 - f.perSecond() / trial.perSecond()));
                }
                if (f.cpuMsPerPage() > 2.5) {
                    missed.add("CPU over 2.5 ms by " + Wrk.down(f.cpuMsPerPage() - 2.5) + " ms");
                }
            }
            if (f.non2xx() > 0) {
                missed.add(f.non2xx() + " non-2xx");
            }
            line("| " + p.name() + " | " + Wrk.down(f.perSecond()) + " | " + Wrk.ms(f.p50()) + " / **" + Wrk.ms(f.p95())
                    + "** / " + Wrk.ms(f.p99()) + " | " + f.non2xx() + " | " + Wrk.down(f.perSecond() / trial.perSecond())
                    + " | " + Wrk.down(f.perSecond() / health.perSecond()) + " | " + Wrk.down(f.cpuMsPerPage()) + " | ≥ "
                    + (int) p.minPerSecond() + "/s, p95 ≤ " + (int) p.maxP95() + " ms"
                    + (p.path() != null && p.path().equals("/portal") ? ", p99 ≤ 150 ms, ≥ 0.5× /trial, ≤ 2.5 ms CPU" : "")
                    + " | " + (missed.isEmpty() ? "met" : "missed: " + String.join("; ", missed)) + " |");
        }
        line("");
        line("The app's session cookie as a browser sends it: " + cookieBytes + " bytes (target: one opaque cookie ≤ 1 KiB).");
        String out = System.getProperty("bench.out");
        if (out != null) {
            Files.writeString(Path.of(out), report.toString(), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    /** A colleague invited into the tenant for the run (its own Keycloak login), with a password set. */
    private static String[] invite(Tenants.Made t, int i) {
        String email = "bench" + i + "." + t.id().substring(0, 8) + "@prospect.example";
        var body = given().auth().oauth2(io.modelhouse.testsupport.Tokens.presales()).contentType("application/json")
                .body(Map.of("name", "压测同事" + i, "email", email, "role", "dispatcher"))
                .post("/api/tenants/" + t.id() + "/accounts").then().statusCode(201).extract().jsonPath();
        return new String[] { body.getString("username"), body.getString("initialPassword") };
    }

    private Figures measure(String app, Page p) throws Exception {
        Path script = Wrk.script(DIR, "page.lua", script(p.sessions(), p.path()));
        int connections = p.sessions().size() == 1 ? SESSIONS : p.sessions().size();
        Wrk.figures(Wrk.run(Wrk.cmd(2, connections, WARMUP_SECONDS, script, app + "/")));
        long cpuBefore = cpuNanos();
        var f = Wrk.figures(Wrk.run(Wrk.cmd(2, connections, SECONDS, script, app + "/")));
        long cpu = cpuNanos() - cpuBefore;
        double requests = f.get("requests");
        long ok = f.entrySet().stream().filter(e -> e.getKey().matches("s2\\d\\d")).mapToLong(e -> e.getValue().longValue())
                .sum();
        return new Figures(requests / SECONDS, f.get("p50"), f.get("p95"), f.get("p99"),
                (long) requests - ok + f.get("errors").longValue(), cpu / 1e6 / Math.max(1, requests));
    }

    /**
     * CPU time used so far by this JVM (the app) and by the PostgreSQL and Keycloak processes (found by
     * their command lines in /proc; utime + stime in clock ticks of 10 ms).
     */
    private static long cpuNanos() throws Exception {
        long app = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long ticks = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path d : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = Files.readString(d.resolve("cmdline")).replace('\0', ' ');
                    if (cmd.contains("postgres") && cmd.contains("test-stack")
                            || cmd.contains("keycloak") && cmd.contains("test-stack")
                            || cmd.startsWith("postgres:")) {
                        String stat = Files.readString(d.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (java.io.IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        }
        return app + ticks * 10_000_000L;
    }

    /** Each request takes the next session; {@code path} null means each session's own record or tenant page. */
    private static String script(List<Session> sessions, String path) {
        return "local cookies = {" + sessions.stream().map(s -> "\"" + s.cookie().replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",")) + "}\nlocal paths = {"
                + sessions.stream()
                        .map(s -> "\"" + (path != null ? path : s.recordPath() != null ? s.recordPath() : s.tenantPath())
                                + "\"")
                        .collect(Collectors.joining(","))
                + "}\n" + """
                        local n = 0
                        request = function()
                          n = n + 1
                          local i = (n % #cookies) + 1
                          local headers = {}
                          if cookies[i] ~= "" then headers["Cookie"] = cookies[i] end
                          headers["Accept"] = "text/html"
                          headers["Accept-Language"] = "zh-CN"
                          return wrk.format("GET", paths[i], headers, nil)
                        end
                        """ + Wrk.DONE;
    }

    private void line(String s) {
        report.append(s).append('\n');
        say("[bench] " + s);
    }

    private static void say(String s) {
        System.out.println(s);
    }
}
