package io.modelhouse.bench;

import static io.restassured.RestAssured.given;

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
 * The portal's page speed (deploy/bench/pages.sh): bench.sessions (50) logged-in prospects of
 * bench.tenants (10) model houses load one page after the other with no pause (closed loop), for
 * the dashboard, a record list and a record's page in turn, each for bench.seconds (30) after a
 * warm-up. Figures: pages/s, p50/p95/p99 and the verdict against p95 ≤ 100 ms. The app is this
 * JVM, as shipped (the ingestion benchmark's profile); PostgreSQL and Keycloak are the suite's.
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
    record Session(String cookie, String recordPath) {
    }

    @Test
    void pages() throws Exception {
        Wrk.require();
        String app = base.toString().replaceAll("/$", "");
        List<Session> sessions = new ArrayList<>();
        List<Tenants.Made> made = new ArrayList<>();
        for (int i = 0; i < TENANTS; i++) {
            made.add(Tenants.logistics("页面压测" + i));
        }
        for (int i = 0; i < SESSIONS; i++) {
            var t = made.get(i % TENANTS);
            String id = given().auth().oauth2(t.prospectToken("boss")).get("/api/portal/records?type=delivery_order&page=0")
                    .then().statusCode(200).extract().jsonPath().getString("items[" + (i % 15) + "].id");
            var browser = new BrowserSession();
            String[] login = t.login(i % 2 == 0 ? "boss" : "dispatcher");
            if (browser.login(app + "/portal", login[0], login[1]).statusCode() != 200) {
                throw new IllegalStateException("session " + i + " could not log in");
            }
            sessions.add(new Session(browser.cookieHeader(app + "/portal"), "/portal/records/delivery_order/" + id));
        }
        say("[bench] " + TENANTS + " tenants, " + SESSIONS + " sessions, closed loop, " + SECONDS + " s a page");

        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("dashboard `/portal`", "/portal");
        pages.put("record list `/portal/records/delivery_order`", "/portal/records/delivery_order");
        pages.put("record page `/portal/records/delivery_order/{id}`", null);
        line("| page (" + SESSIONS
                + " sessions, closed loop) | pages/s | p50 / p95 / p99 ms | non-2xx | target p95 ≤ 100 ms |");
        line("|---|---|---|---|---|");
        for (var e : pages.entrySet()) {
            Path script = Wrk.script(DIR, "page.lua", script(sessions, e.getValue()));
            Wrk.figures(Wrk.run(Wrk.cmd(2, SESSIONS, WARMUP_SECONDS, script, app + "/portal")));
            var f = Wrk.figures(Wrk.run(Wrk.cmd(2, SESSIONS, SECONDS, script, app + "/portal")));
            double p95 = f.get("p95") / 1000.0;
            line("| " + e.getKey() + " | " + Wrk.down(f.get("requests") / SECONDS) + " | " + Wrk.ms(f.get("p50")) + " / **"
                    + Wrk.ms(f.get("p95")) + "** / " + Wrk.ms(f.get("p99")) + " | " + f.get("errors").longValue() + " | "
                    + (p95 <= 100 ? "met" : "missed by " + Wrk.down(p95 - 100) + " ms") + " |");
        }
        String out = System.getProperty("bench.out");
        if (out != null) {
            Files.writeString(Path.of(out), report.toString(), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    /** Each request takes the next session; {@code path} null means each session's own record page. */
    private static String script(List<Session> sessions, String path) {
        return "local cookies = {" + sessions.stream().map(s -> "\"" + s.cookie().replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",")) + "}\nlocal paths = {"
                + sessions.stream().map(s -> "\"" + (path == null ? s.recordPath() : path) + "\"")
                        .collect(Collectors.joining(","))
                + "}\n" + """
                        local n = 0
                        request = function()
                          n = n + 1
                          local i = (n % #cookies) + 1
                          local headers = {}
                          headers["Cookie"] = cookies[i]
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
