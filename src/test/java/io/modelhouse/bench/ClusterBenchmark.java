package io.modelhouse.bench;

import static io.restassured.RestAssured.given;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.ClusterInvariants;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.WebhookReceiver;
import io.modelhouse.testsupport.Wrk;

/**
 * The cluster benchmark (deploy/bench/cluster.sh): starts deploy/local/cluster.sh (two Keycloak
 * nodes, two app nodes, HAProxy in front of each pair) and drives it through the balancers only,
 * with four loads at once: model-house builds, logged-in portal pages, usage-event batches and
 * token grants at Keycloak, plus webhook test deliveries. Three measured phases of bench.seconds:
 * two app nodes; one app node (app2 stopped); two nodes while app1 and then kc1 are killed with
 * kill -9 and started again. Figures: successes/s, errors and p95 of each load per phase, the
 * errors of the failover by window. Then the invariants, checked in the database and Keycloak: no
 * half-made tenant (after the reconciler), every accepted event stored once, every job firing run
 * once, every webhook delivery received at least once. It fails only when an invariant does.
 */
class ClusterBenchmark {

    private static final int SECONDS = Integer.getInteger("bench.seconds", 60);
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 30);
    private static final int BUILDERS = Integer.getInteger("bench.builders", 2);
    private static final int PAGE_CLIENTS = Integer.getInteger("bench.pageClients", 6);
    private static final int EVENT_CLIENTS = Integer.getInteger("bench.eventClients", 2);
    private static final String APP = "http://127.0.0.1:8080";
    private static final String KEYCLOAK = "http://127.0.0.1:8180";
    private static final int DB_PORT = 15432;
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path HOME = ROOT.resolve("target/bench-cluster");
    private static final String SECRET = "cluster-bench-secret-0123456789";
    /** The reconciler's lease on the nodes: a dead build is rolled back after this (2 min as shipped). */
    private static final String LEASE = System.getProperty("bench.lease", "PT30S");

    private final StringBuilder report = new StringBuilder();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String prefix = "集群压测" + run + " ";
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final Set<String> unknown = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> built = new ConcurrentHashMap<>();
    private final AtomicInteger seq = new AtomicInteger();

    @Test
    void cluster() throws Exception {
        Process cluster = startCluster();
        try (WebhookReceiver crm = WebhookReceiver.start(SECRET)) {
            measure(crm);
        } finally {
            cluster.destroy(); // SIGTERM: cluster.sh stops every node and PostgreSQL
            cluster.waitFor(120, TimeUnit.SECONDS);
        }
    }

    private void measure(WebhookReceiver crm) throws Exception {
        Instant benchStart = Instant.now();
        String admin = token("admin", "admin");
        String hook = given().baseUri(APP).auth().oauth2(admin).contentType("application/json")
                .body(Map.of("url", crm.url(), "secret", SECRET, "events", List.of("follow_up.created", "signal.fired")))
                .post("/api/webhooks").then().statusCode(201).extract().path("id");
        List<BrowserSession> browsers = new ArrayList<>();
        List<Prospect> prospects = new ArrayList<>();
        for (int i = 0; i < PAGE_CLIENTS; i++) {
            var boss = given().baseUri(APP).auth().oauth2(presales()).contentType("application/json")
                    .body(Tenants.request(prefix + "样板" + i,
                            Tenants.contact("王磊", "wl" + i + "." + run + "@bench.example", "boss")))
                    .post("/api/tenants").then().statusCode(201).extract().jsonPath();
            String username = boss.getString("accounts[0].username");
            String password = boss.getString("accounts[0].initialPassword");
            BrowserSession browser = new BrowserSession();
            if (browser.login(APP + "/portal", username, password).statusCode() != 200) {
                throw new IllegalStateException("a portal login through the balancers failed");
            }
            browsers.add(browser);
            prospects.add(new Prospect(username, password));
        }
        refreshToken = given().baseUri(KEYCLOAK).formParam("grant_type", "password").formParam("client_id", "modelhouse-cli")
                .formParam("username", "presales").formParam("password", "presales")
                .post("/realms/modelhouse/protocol/openid-connect/token").then().statusCode(200).extract()
                .path("refresh_token");
        say("[bench] " + PAGE_CLIENTS + " model houses with a logged-in portal session each; warming up " + WARMUP_SECONDS
                + " s");
        Load warm = new Load("warm-up", browsers, prospects, hook);
        warm.runFor(Duration.ofSeconds(WARMUP_SECONDS), () -> {
        });

        Load two = new Load("two app nodes", browsers, prospects, hook);
        two.runFor(Duration.ofSeconds(SECONDS), () -> {
        });
        clusterSh("stop", "app2");
        Load one = new Load("one app node", browsers, prospects, hook);
        one.runFor(Duration.ofSeconds(SECONDS), () -> {
        });
        clusterSh("start", "app2");
        new Load("warm-up of app2", browsers, prospects, hook).runFor(Duration.ofSeconds(WARMUP_SECONDS / 2), () -> {
        });

        Load failover = new Load("two nodes, app1 then kc1 killed", browsers, prospects, hook);
        List<String> windows = new ArrayList<>();
        failover.runFor(Duration.ofSeconds(SECONDS), () -> {
            drill(failover, windows, "app1");
            drill(failover, windows, "kc1");
            pause(SECONDS / 3);
        });

        line("Through HAProxy only (app " + APP + ", Keycloak " + KEYCLOAK + "), " + BUILDERS + " build clients, "
                + PAGE_CLIENTS
                + " portal sessions (a browser's: redirects followed), " + EVENT_CLIENTS
                + " event clients (batches of 10), 1 refresh-grant client, a webhook test"
                + " delivery every 500 ms; no think time, 100 ms after an error. Each phase " + SECONDS + " s after a "
                + WARMUP_SECONDS
                + " s warm-up; the failover phase runs until both killed nodes are back and " + SECONDS / 3 + " s more.");
        line("");
        line("| phase | s | builds/s (err) | pages/s (err) | events/s (err) | refresh grants/s (err) | p95 ms build / page / events / grant |");
        line("|---|---|---|---|---|---|---|");
        for (Load l : List.of(two, one, failover)) {
            line(l.row());
        }
        line("");
        line("Two nodes against one: builds ×" + Wrk.down(two.rate("build") / one.rate("build")) + ", pages ×"
                + Wrk.down(two.rate("page") / one.rate("page")) + ", events ×"
                + Wrk.down(two.rate("events") / one.rate("events"))
                + " (one machine of " + Runtime.getRuntime().availableProcessors()
                + " cores runs PostgreSQL, both Keycloaks, both apps, HAProxy and this load: a second node adds no cores).");
        line("");
        line("Portal pages by node (X-Served-By), one session cookie each, never sticky: " + two.servedBy()
                + " with two nodes, "
                + failover.servedBy() + " during the failover.");
        line("");
        line("Failover (errors clients saw, by window; kill -9 at the start of each window, which ends when HAProxy"
                + " sends to the node again):");
        line("");
        windows.forEach(this::line);
        line("");

        // afterwards: what a kill -9 must not leave
        Instant end = Instant.now();
        Awaitility.await("the reconciler rolls back dead builds (lease " + LEASE + ")").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(5)).until(() -> {
                    given().baseUri(APP).auth().oauth2(token("admin", "admin")).post("/api/ops/reconcile");
                    return !check().states(prefix).containsValue("PROVISIONING");
                });
        ClusterInvariants check = check();
        List<String> halfMade = check.halfMade(prefix);
        Map<String, String> states = check.states(prefix);
        List<String> lost = built.entrySet().stream()
                .filter(e -> e.getValue() == 201 && !"READY".equals(states.get(e.getKey())))
                .map(Map.Entry::getKey).toList();
        Map<String, Integer> copies = check.eventCopies(run);
        List<String> notOnce = ClusterInvariants.notStoredOnce(accepted, copies);
        long unknownStored = unknown.stream().filter(copies::containsKey).count();
        long unknownTwice = unknown.stream().filter(s -> copies.getOrDefault(s, 0) > 1).count();
        List<String> twice = check.jobsRunTwice(benchStart);
        Map<String, Integer> jobs = check.jobRuns(benchStart);
        Map<String, Integer> refires = check.refiresSkipped(benchStart);
        Map<String, String> deliveries = check.deliveries(UUID.fromString(hook));
        boolean allDelivered = awaitQuietly(Duration.ofMinutes(3),
                () -> received(crm).keySet().containsAll(deliveries.keySet()));
        Map<String, Long> receipts = received(crm);
        long missing = deliveries.keySet().stream().filter(d -> !receipts.containsKey(d)).count();
        long repeated = receipts.values().stream().filter(n -> n > 1).count();
        long buildsFailed = built.values().stream().filter(s -> s != 201).count();

        line("| invariant, checked after the run | found | holds |");
        line("|---|---|---|");
        line("| no half-made tenant (after the reconciler, lease " + LEASE + ") | " + states.size() + " tenants: "
                + count(states.values()) + "; half-made " + halfMade.size() + " | " + yes(halfMade.isEmpty()) + " |");
        line("| every build answered 201 is READY | " + built.values().stream().filter(s -> s == 201).count()
                + " answered 201, "
                + buildsFailed + " failed at the client; lost " + lost.size() + " | " + yes(lost.isEmpty()) + " |");
        line("| every accepted event stored exactly once | " + accepted.size() + " accepted, " + notOnce.size()
                + " not stored once; of " + unknown.size() + " in failed calls " + unknownStored + " stored, " + unknownTwice
                + " twice | " + yes(notOnce.isEmpty() && unknownTwice == 0) + " |");
        line("| every job firing ran once (job ledger) | " + jobs + "; twice: " + twice.size()
                + "; re-fired by Quartz's recovery after a kill and skipped: "
                + (refires.isEmpty() ? "none" : refires) + " | " + yes(twice.isEmpty())
                + " |");
        line("| every webhook delivery received at least once | " + deliveries.size() + " queued, " + missing
                + " never received, " + repeated + " received more than once | " + yes(allDelivered && missing == 0) + " |");
        line("");
        line("Run " + run + " from " + benchStart + " to " + end + "; half-made: " + halfMade + "; events not once: "
                + notOnce.stream().limit(10).toList() + "; jobs twice: " + twice);
        String out = System.getProperty("bench.out");
        if (out != null) {
            Files.writeString(Path.of(out), report.toString(), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        }
        if (!(halfMade.isEmpty() && lost.isEmpty() && notOnce.isEmpty() && unknownTwice == 0 && twice.isEmpty()
                && allDelivered && missing == 0)) {
            throw new AssertionError("an invariant of the cluster broke; see the table above");
        }
    }

    /** kill -9 of the node, at once started again; the window lasts until HAProxy sends to it again. */
    private void drill(Load load, List<String> windows, String node) {
        pause(SECONDS / 3);
        Instant killed = Instant.now();
        Map<String, Long> before = load.errorCounts();
        clusterSh("kill", node);
        clusterSh("start", node);
        Instant back = Instant.now();
        Map<String, Long> after = load.errorCounts();
        StringBuilder errs = new StringBuilder();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                errs.append(errs.length() == 0 ? "" : ", ").append(k).append(' ').append(d);
            }
        });
        windows.add("- **" + node + "** killed at +" + Duration.between(load.started, killed).toSeconds() + " s, back after "
                + Wrk.down(Duration.between(killed, back).toMillis() / 1000.0) + " s: "
                + (errs.length() == 0 ? "no client errors" : errs));
    }

    /** The drill's schedule: the load runs this long between its steps (a duration, not a wait for a state). */
    private static void pause(int seconds) {
        try {
            TimeUnit.SECONDS.sleep(seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One phase's clients and their counts. */
    private final class Load {
        final String name;
        final List<BrowserSession> browsers;
        final List<Prospect> prospects;
        final String hook;
        final Map<String, LongAdder> ok = new ConcurrentHashMap<>();
        final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        final Map<String, ConcurrentLinkedQueue<Long>> latencies = new ConcurrentHashMap<>();
        final Map<String, LongAdder> servedByCount = new ConcurrentHashMap<>();
        Instant started;
        double seconds;

        Load(String name, List<BrowserSession> browsers, List<Prospect> prospects, String hook) {
            this.name = name;
            this.browsers = browsers;
            this.prospects = prospects;
            this.hook = hook;
        }

        /** Runs the clients for the duration, or until the drill run alongside them is over, whichever is longer. */
        void runFor(Duration d, Runnable drill) throws Exception {
            AtomicBoolean going = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(BUILDERS + PAGE_CLIENTS + EVENT_CLIENTS + 3);
            started = Instant.now();
            List<Future<?>> clients = new ArrayList<>();
            for (int i = 0; i < BUILDERS; i++) {
                clients.add(pool.submit(() -> loop(going, "build", this::build)));
            }
            for (int i = 0; i < PAGE_CLIENTS; i++) {
                BrowserSession browser = browsers.get(i);
                clients.add(pool.submit(() -> loop(going, "page", () -> page(browser))));
            }
            for (int i = 0; i < EVENT_CLIENTS; i++) {
                Prospect prospect = prospects.get(i % prospects.size());
                clients.add(pool.submit(() -> loop(going, "events", () -> events(prospect.token()))));
            }
            clients.add(pool.submit(() -> loop(going, "grant", ClusterBenchmark.this::grant)));
            var tests = Executors.newSingleThreadScheduledExecutor();
            tests.scheduleAtFixedRate(() -> quietly(() -> testDelivery(hook)), 0, 500, TimeUnit.MILLISECONDS);
            long until = System.nanoTime() + d.toNanos();
            pool.submit(drill).get();
            long left = until - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left); // the phase's length: a duration, not a wait for a state
            }
            going.set(false);
            tests.shutdown();
            for (Future<?> c : clients) {
                c.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
            seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
            say("[bench] " + row());
        }

        /** Portal pages by the node that answered: node → pages. */
        Map<String, Long> servedBy() {
            Map<String, Long> out = new TreeMap<>();
            servedByCount.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }

        /** One call of a load: its name → the outcome ("ok", or the error's kind). */
        private void loop(AtomicBoolean going, String load, Call call) {
            while (going.get()) {
                long t0 = System.nanoTime();
                String outcome;
                try {
                    outcome = call.run();
                } catch (IOException | RuntimeException e) {
                    outcome = e.getClass().getSimpleName();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if ("ok".equals(outcome)) {
                    ok.computeIfAbsent(load, k -> new LongAdder()).increment();
                    latencies.computeIfAbsent(load, k -> new ConcurrentLinkedQueue<>()).add(System.nanoTime() - t0);
                } else {
                    errors.computeIfAbsent(load + " " + outcome, k -> new LongAdder()).increment();
                    try {
                        TimeUnit.MILLISECONDS.sleep(100); // a client waits a little after an error, as real ones do
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        private String build() throws IOException, InterruptedException {
            String company = prefix + name.charAt(0) + seq.incrementAndGet();
            String body = json.writeValueAsString(Tenants.request(company,
                    Tenants.contact("王磊", "wl." + UUID.randomUUID().toString().substring(0, 8) + "@bench.example", "boss")));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(APP + "/api/tenants"))
                    .header("Authorization", "Bearer " + presales()).header("Content-Type", "application/json")
                    .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            built.put(company, r.statusCode());
            return r.statusCode() == 201 ? "ok" : "HTTP " + r.statusCode();
        }

        /**
         * The portal page as the prospect's browser opens it: it follows redirects, so a session
         * whose tokens expired goes to Keycloak and back on its single sign-on cookie, as a
         * browser's does; a login form at the end is a lost session.
         */
        private String page(BrowserSession browser) {
            HttpResponse<String> r = browser.get(APP + "/portal");
            r.headers().firstValue("X-Served-By")
                    .ifPresent(n -> servedByCount.computeIfAbsent(n, k -> new LongAdder()).increment());
            if (r.body().contains("kc-form-login")) {
                return "session lost (login form)";
            }
            return r.statusCode() == 200 ? "ok" : "HTTP " + r.statusCode();
        }

        private String events(String prospect) throws IOException, InterruptedException {
            List<String> seqs = new ArrayList<>();
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String s = String.valueOf(seq.incrementAndGet());
                seqs.add(s);
                batch.add(Map.of("type", "feature_used", "feature", "tasks", "props", Map.of("run", run, "seq", s)));
            }
            int status;
            try {
                status = http.send(HttpRequest.newBuilder(URI.create(APP + "/api/portal/events"))
                        .header("Authorization", "Bearer " + prospect).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(batch)))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                unknown.addAll(seqs);
                throw e;
            }
            (status == 202 ? accepted : unknown).addAll(seqs);
            return status == 202 ? "ok" : "HTTP " + status;
        }

        Map<String, Long> errorCounts() {
            Map<String, Long> m = new TreeMap<>();
            errors.forEach((k, v) -> m.put(k, v.sum()));
            return m;
        }

        double rate(String load) {
            return ok.getOrDefault(load, new LongAdder()).sum() / seconds;
        }

        private long errorsOf(String load) {
            return errors.entrySet().stream().filter(e -> e.getKey().startsWith(load + " ")).mapToLong(e -> e.getValue().sum())
                    .sum();
        }

        private String p95(String load) {
            List<Long> l = new ArrayList<>(latencies.getOrDefault(load, new ConcurrentLinkedQueue<>()));
            if (l.isEmpty()) {
                return "–";
            }
            Collections.sort(l);
            return String.valueOf(l.get((int) Math.ceil(0.95 * l.size()) - 1) / 1_000_000);
        }

        String row() {
            return "| " + name + " | " + Wrk.down(seconds) + " | " + cell("build") + " | " + cell("page") + " | "
                    + Wrk.down(rate("events") * 10) + " (" + errorsOf("events") + ") | " + cell("grant") + " | " + p95("build")
                    + " / " + p95("page") + " / " + p95("events") + " / " + p95("grant") + " |";
        }

        private String cell(String load) {
            return Wrk.down(rate(load)) + " (" + errorsOf(load) + ")";
        }
    }

    /** A prospect's login, its bearer token renewed before it expires (5 min). */
    private static final class Prospect {
        final String username;
        final String password;
        volatile String token;
        volatile long at;

        Prospect(String username, String password) {
            this.username = username;
            this.password = password;
        }

        synchronized String token() {
            if (token == null || System.nanoTime() - at > TimeUnit.MINUTES.toNanos(2)) {
                try {
                    token = ClusterBenchmark.token(username, password);
                    at = System.nanoTime();
                } catch (AssertionError | RuntimeException e) {
                    if (token == null) {
                        throw e;
                    }
                }
            }
            return token;
        }
    }

    private interface Call {
        String run() throws IOException, InterruptedException;
    }

    /** The refresh token of one login, its session kept by whichever Keycloak node the login landed on. */
    private volatile String refreshToken;

    /**
     * A refresh grant: no password hash to compute (argon2 would make this a CPU benchmark of
     * Keycloak), but the login's session must be found by either node, one killed or not.
     */
    private String grant() throws IOException, InterruptedException {
        HttpResponse<String> r = http
                .send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/modelhouse/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=refresh_token&client_id=modelhouse-cli&refresh_token=" + refreshToken))
                        .build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? "ok" : "HTTP " + r.statusCode();
    }

    private void testDelivery(String hook) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(APP + "/api/webhooks/" + hook + "/test"))
                .header("Authorization", "Bearer " + admin()).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    // tokens for the loads, renewed well before they expire (5 min)
    private volatile String presales;
    private volatile String admin;
    private volatile long tokensAt;

    /** A renewal that fails (Keycloak failing over) keeps the tokens it has; they are good for minutes more. */
    private synchronized void renewTokens() {
        if (System.nanoTime() - tokensAt > TimeUnit.MINUTES.toNanos(2) || presales == null) {
            try {
                presales = token("presales", "presales");
                admin = token("admin", "admin");
                tokensAt = System.nanoTime();
            } catch (AssertionError | RuntimeException e) {
                if (presales == null) {
                    throw e;
                }
            }
        }
    }

    private String presales() {
        renewTokens();
        return presales;
    }

    private String admin() {
        renewTokens();
        return admin;
    }

    private static String token(String user, String password) {
        return given().baseUri(KEYCLOAK).formParam("grant_type", "password").formParam("client_id", "modelhouse-cli")
                .formParam("username", user).formParam("password", password)
                .post("/realms/modelhouse/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
    }

    private static ClusterInvariants check() {
        return new ClusterInvariants(DB_PORT, KEYCLOAK);
    }

    private static Map<String, Long> received(WebhookReceiver crm) {
        return crm.accepted().stream()
                .collect(Collectors.groupingBy(WebhookReceiver.Received::delivery, Collectors.counting()));
    }

    private static String count(java.util.Collection<String> states) {
        return new TreeMap<>(states.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()))).toString();
    }

    private static String yes(boolean holds) {
        return holds ? "yes" : "**NO**";
    }

    private static boolean awaitQuietly(Duration atMost, java.util.concurrent.Callable<Boolean> until) {
        try {
            Awaitility.await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(until);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    private interface Quiet {
        void run() throws Exception;
    }

    private static void quietly(Quiet r) {
        try {
            r.run();
        } catch (Exception e) {
            // a failed test delivery call is one the load goes on without
        }
    }

    // ---- the cluster

    /** deploy/local/cluster.sh with a fresh home under target/, until it prints READY. */
    private static Process startCluster() throws IOException {
        deleteTree(HOME);
        Files.createDirectories(HOME);
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("deploy/local/cluster.sh").toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true);
        env(pb);
        Process p = pb.start();
        Path log = HOME.resolve("cluster.out");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String l;
        while ((l = out.readLine()) != null) {
            Files.writeString(log, l + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            say("[cluster] " + l);
            if (l.startsWith("READY ")) {
                Thread drain = new Thread(() -> out.lines().forEach(x -> quietly(() -> Files.writeString(log, x + "\n",
                        StandardOpenOption.APPEND))));
                drain.setDaemon(true);
                drain.start();
                return p;
            }
        }
        throw new IllegalStateException("cluster.sh ended without READY; see " + log);
    }

    /** cluster.sh kill|start|stop NODE of the running cluster. */
    private static void clusterSh(String command, String node) {
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("deploy/local/cluster.sh").toString(), command, node)
                    .directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(HOME.resolve("drills.log").toFile()));
            env(pb);
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(
                        "cluster.sh " + command + " " + node + " failed; see " + HOME.resolve("drills.log"));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void env(ProcessBuilder pb) {
        pb.environment().put("MODELHOUSE_HOME", HOME.resolve("home").toString());
        pb.environment().put("MODELHOUSE_JAVA_OPTS", "-Xmx512m -Dmodelhouse.reconcile.lease=" + LEASE);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
            }
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
