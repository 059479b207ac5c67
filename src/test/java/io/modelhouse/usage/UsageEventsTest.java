package io.modelhouse.usage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.modelhouse.tenant.FaultInjection;
import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.LocalStackResource;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The usage pipeline from outside: what a prospect's token may record (only for itself), what is
 * refused and how, what is clamped, the reads pre-sales use, the rollup and the partitions.
 */
@QuarkusTest
class UsageEventsTest {

    @Inject
    FaultInjection faults;

    @TestHTTPResource("/portal")
    URL portal;

    private static Response post(String token, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/portal/events");
    }

    private static Map<String, Object> event(String type, String mark) {
        Map<String, Object> e = new HashMap<>();
        e.put("type", type);
        e.put("props", Map.of("mark", mark));
        return e;
    }

    private static JsonPath events(String tenant, String query) {
        return given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + tenant + "/events" + query).then()
                .statusCode(200).extract().jsonPath();
    }

    private static long ownerCount(String sql, Object... args) throws SQLException {
        try (Connection c = owner(); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            var rs = st.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection owner() throws SQLException {
        return LocalStackResource.ownerConnection();
    }

    @Test
    void aForgedTenantOrPersonInTheBodyIsIgnoredTheTokenDecides() throws SQLException {
        var mine = Tenants.logistics("用量归属");
        var other = Tenants.logistics("用量他人");
        String token = mine.prospectToken("dispatcher");
        String mark = UUID.randomUUID().toString();
        Map<String, Object> forged = event("feature_used", mark);
        forged.put("feature", "records");
        forged.put("tenantId", other.id());
        forged.put("tenant_id", other.id());
        forged.put("accountId", UUID.randomUUID().toString());
        forged.put("account_id", UUID.randomUUID().toString());
        forged.put("role", "boss");
        forged.put("origin", "server");

        post(token, List.of(forged)).then().statusCode(202).body("accepted", equalTo(1)).body("clamped", equalTo(0));

        JsonPath mineEvents = events(mine.id(), "?type=feature_used");
        assertEquals(List.of(mark), mineEvents.getList("items.props.mark"));
        assertEquals("dispatcher", mineEvents.getString("items[0].role"));
        assertEquals(mine.login("dispatcher")[0], mineEvents.getString("items[0].username"));
        assertEquals("client", mineEvents.getString("items[0].origin"));
        assertEquals(0, events(other.id(), "").getList("items").size(), "nothing lands on the other tenant");
        assertEquals(1, ownerCount("SELECT count(*) FROM usage_event WHERE props->>'mark' = ?", mark),
                "stored once, and only against the token's tenant");
    }

    @Test
    void badBatchesAreRefusedWholeWithAProblemThatSaysWhat() throws SQLException {
        var made = Tenants.logistics("用量拒收");
        String token = made.prospectToken("boss");
        String mark = UUID.randomUUID().toString();

        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(event("page_view", mark));
        }
        post(token, many).then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("At most 100 events"));

        List<Map<String, Object>> big = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<String, Object> e = event("page_view", mark);
            e.put("props", Map.of("mark", mark, "pad", "x".repeat(3500)));
            big.add(e);
        }
        post(token, big).then().statusCode(413).body("detail", containsString("64 KiB"));

        Map<String, Object> fat = event("page_view", mark);
        fat.put("props", Map.of("mark", mark, "pad", "x".repeat(4200)));
        Map<String, Object> unknown = event("teleported", mark);
        Map<String, Object> badFeature = event("feature_used", mark);
        badFeature.put("feature", "warp_drive");
        Map<String, Object> negative = event("page_view", mark);
        negative.put("durationMs", -5);
        post(token, List.of(event("page_view", mark), fat, unknown, badFeature, negative)).then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.find { it.path == '[1].props' }.message", containsString("4 KiB"))
                .body("errors.find { it.path == '[2].type' }.message", containsString("page_view"))
                .body("errors.find { it.path == '[3].feature' }.message", containsString("records.<type>"))
                .body("errors.find { it.path == '[4].durationMs' }", org.hamcrest.Matchers.notNullValue());

        Map<String, Object> badTime = event("page_view", mark);
        badTime.put("at", "yesterday");
        post(token, List.of(badTime)).then().statusCode(422).body("errors[0].path", equalTo("[0].at"))
                .body("errors[0].message", containsString("ISO-8601"));

        given().auth().oauth2(token).contentType(ContentType.JSON).body("[{\"type\": \"page_view\",\n \"feature\": }]")
                .post("/api/portal/events").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("line 2"));
        post(token, Map.of("type", "page_view")).then().statusCode(422).body("detail", containsString("JSON array"));
        post(token, List.of()).then().statusCode(422);

        assertEquals(0, ownerCount("SELECT count(*) FROM usage_event WHERE props->>'mark' = ?", mark),
                "a refused batch records nothing");
    }

    @Test
    void anEventSentAgainWithItsIdIsStoredOnceEvenWhenItsTimeWasReplaced() throws SQLException {
        var made = Tenants.logistics("用量重发");
        var other = Tenants.logistics("用量重发他人");
        String token = made.prospectToken("boss");
        String id = UUID.randomUUID().toString();
        String mark = UUID.randomUUID().toString();
        Map<String, Object> e = event("doc_opened", mark);
        e.put("id", id);
        // a client clock ahead: the server stores its own now, which differs on each attempt
        e.put("at", Instant.now().plus(Duration.ofHours(2)).toString());
        Map<String, Object> twin = new HashMap<>(e);
        // the answer was lost; the same batch again, and the same event twice in one batch
        post(token, List.of(e)).then().statusCode(202);
        post(token, List.of(e)).then().statusCode(202);
        post(token, List.of(e, twin)).then().statusCode(202);
        assertEquals(1, ownerCount("SELECT count(*) FROM usage_event WHERE props->>'mark' = ?", mark), "stored once");
        assertEquals(id, events(made.id(), "?type=doc_opened").getString("items[0].id"));

        // the same id in another tenant is that tenant's own event
        post(other.prospectToken("boss"), List.of(e)).then().statusCode(202);
        assertEquals(2, ownerCount("SELECT count(*) FROM usage_event WHERE props->>'mark' = ?", mark));

        // without ids, two alike events are two events
        Map<String, Object> plain = event("doc_opened", mark + "-plain");
        post(token, List.of(plain, plain)).then().statusCode(202).body("accepted", equalTo(2));
        assertEquals(2, ownerCount("SELECT count(*) FROM usage_event WHERE props->>'mark' = ?", mark + "-plain"));

        // an id that is not a UUID is named
        Map<String, Object> bad = event("doc_opened", "bad-id");
        bad.put("id", "not-a-uuid");
        post(token, List.of(bad)).then().statusCode(422).body("errors[0].path", equalTo("[0].id"));
    }

    @Test
    void timesInTheFutureOrTooLongAgoAreClampedAndFlaggedRecentOnesKept() {
        var made = Tenants.logistics("用量时钟");
        String token = made.prospectToken("boss");
        Instant recent = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> future = event("doc_opened", "future");
        future.put("at", Instant.now().plus(Duration.ofDays(1)).toString());
        Map<String, Object> old = event("doc_opened", "old");
        old.put("at", Instant.now().minus(Duration.ofDays(3)).toString());
        Map<String, Object> kept = event("doc_opened", "recent");
        kept.put("at", recent.toString());
        Instant before = Instant.now();

        post(token, List.of(future, old, kept)).then().statusCode(202).body("accepted", equalTo(3))
                .body("clamped", equalTo(2));

        JsonPath got = events(made.id(), "?type=doc_opened");
        Map<String, Map<String, Object>> byMark = new HashMap<>();
        for (Map<String, Object> e : got.<Map<String, Object>> getList("items")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> props = (Map<String, Object>) e.get("props");
            byMark.put((String) props.get("mark"), e);
        }
        for (String m : List.of("future", "old")) {
            Instant at = Instant.parse((String) byMark.get(m).get("at"));
            assertEquals(true, byMark.get(m).get("atClamped"), m + " is flagged");
            assertTrue(!at.isBefore(before.minusSeconds(1)) && !at.isAfter(Instant.now()), m + " is stored as received: " + at);
        }
        assertEquals(false, byMark.get("recent").get("atClamped"));
        assertEquals(recent, Instant.parse((String) byMark.get("recent").get("at")));
    }

    @Test
    void theReadsPageNewestFirstFilterAndAreStaffOnly() {
        var made = Tenants.logistics("用量翻页");
        String token = made.prospectToken("boss");
        Instant base = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Map<String, Object> e = event(i % 2 == 0 ? "search" : "task_done", "n" + i);
            e.put("at", base.plusSeconds(i).toString());
            batch.add(e);
        }
        post(token, batch).then().statusCode(202);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = events(made.id(), "?size=3" + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(page.getList("items.props.mark"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertEquals(List.of("n6", "n5", "n4", "n3", "n2", "n1", "n0"), seen, "newest first, each once across pages");

        assertEquals(List.of("n6", "n4", "n2", "n0"), events(made.id(), "?type=search").getList("items.props.mark"));
        assertEquals(List.of("n4", "n3"), events(made.id(), "?from=" + base.plusSeconds(3) + "&to=" + base.plusSeconds(5))
                .getList("items.props.mark"));
        String person = events(made.id(), "").getString("items[0].person");
        assertEquals(7, events(made.id(), "?person=" + person).getList("items").size());

        given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + made.id() + "/events?type=teleported&from=soon")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.path", org.hamcrest.Matchers.hasItems("type", "from"));
        given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + made.id() + "/events?cursor=bogus")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).get("/api/tenants/" + made.id() + "/events").then().statusCode(403);
        given().auth().oauth2(token).get("/api/tenants/" + made.id() + "/usage").then().statusCode(403);
        given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + UUID.randomUUID() + "/events").then().statusCode(404);
    }

    @Test
    void aFullWriterAnswers429WithRetryAfterAndDropsNothingItAccepted() throws Exception {
        var made = Tenants.logistics("用量满载");
        String token = made.prospectToken("boss");
        String mark = UUID.randomUUID().toString();
        List<Map<String, Object>> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(event("page_view", mark));
        }
        var hold = faults.holdAt("usage.commit");
        try {
            // the writer is held with one batch; two more calls fill the queue (300 in tests, the
            // batch being written counts until it is committed)
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            calls.add(CompletableFuture.supplyAsync(() -> post(token, hundred).statusCode()));
            assertTrue(hold.reached().await(10, TimeUnit.SECONDS), "the writer took the first batch");
            for (int i = 0; i < 2; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> post(token, hundred).statusCode()));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/q/metrics").asString()
                    .contains("modelhouse_usage_queued 300.0"));
            post(token, hundred).then().statusCode(429).header("Retry-After", "1")
                    .contentType("application/problem+json").body("detail", containsString("nothing was recorded"));
            hold.release();
            for (var c : calls) {
                assertEquals(202, c.get(20, TimeUnit.SECONDS));
            }
        } finally {
            faults.clear("usage.commit");
        }
        assertEquals(300, ownerCount("SELECT count(*) FROM usage_event WHERE props->>'mark' = ?", mark),
                "every accepted call is stored, the refused ones not");

        faults.failAt("usage.commit", "disk on fire");
        try {
            post(token, List.of(event("page_view", mark))).then().statusCode(503).header("Retry-After", "1");
        } finally {
            faults.clear("usage.commit");
        }
        post(token, List.of(event("page_view", mark))).then().statusCode(202);
    }

    @Test
    void aVisitShowsUpWithinASecondAndTheLoginOnce() {
        var made = Tenants.logistics("用量来访");
        String[] login = made.login("boss");
        var browser = new BrowserSession();
        var page = browser.login(portal.toString(), login[0], login[1]);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/assets/usage.js") && page.body().contains("data-feature=\"records.delivery_order\""),
                "the page carries the reporter and its feature keys");
        browser.get(portal + "?view=tasks");

        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            JsonPath got = events(made.id(), "");
            assertTrue(got.getList("items.feature").contains("tasks"), "the tasks view: " + got.prettify());
            assertEquals(1, got.getList("items.findAll { it.type == 'login' }").size(), "one login for the session");
        });

        // the page's own script reports through the session with the form token; without it: refused
        String csrf = page.body().replaceAll("(?s).*data-csrf=\"([^\"]*)\".*", "$1");
        var sent = browser.postForm(portal + "/events", Map.of("csrf-token", csrf, "events",
                "[{\"type\":\"page_view\",\"feature\":\"tasks\",\"durationMs\":4200},"
                        + "{\"type\":\"feature_used\",\"feature\":\"org_chart\",\"target\":\"调度中心\"}]"));
        assertEquals(202, sent.statusCode(), sent.body());
        assertEquals(403, browser.postForm(portal + "/events", Map.of("events", "[{\"type\":\"search\"}]")).statusCode());
        JsonPath got = events(made.id(), "?type=feature_used");
        assertEquals("调度中心", got.getString("items[0].target"));
    }

    @Test
    void theRollupCountsPerDayPersonRoleAndFeatureAndRunningItAgainChangesNothing() {
        var made = Tenants.logistics("用量汇总");
        String boss = made.prospectToken("boss");
        String dispatcher = made.prospectToken("dispatcher");
        Map<String, Object> view = event("page_view", "v");
        view.put("feature", "tasks");
        view.put("durationMs", 1500);
        Map<String, Object> used = event("feature_used", "u");
        used.put("feature", "tasks");
        Map<String, Object> searched = event("search", "s");
        searched.put("feature", "search");
        post(boss, List.of(view, used, used, searched)).then().statusCode(202);
        post(dispatcher, List.of(used)).then().statusCode(202);

        rollup();
        JsonPath first = usage(made.id());
        rollup();
        JsonPath second = usage(made.id());
        assertEquals(first.getList("days").toString(), second.getList("days").toString(), "the same rows again");

        String today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        Map<String, Object> bossTasks = first.getMap("days.find { it.role == 'boss' && it.feature == 'tasks' }");
        assertEquals(today, bossTasks.get("day"));
        assertEquals(2, bossTasks.get("events"), "two clicks; the page's time report adds time, not an event");
        assertEquals(1500, ((Number) bossTasks.get("activeMs")).intValue());
        assertEquals(1, (int) first.getInt("days.find { it.role == 'dispatcher' }.events"));
        assertEquals(1, first.getInt("activeDays"));
        assertEquals(Map.of("boss", 1, "dispatcher", 1), first.getMap("activePeopleByRole"));
        assertEquals(today, first.getString("lastDay"));

        // a late event of the same day is counted by the next run (its day is rebuilt, not added to twice)
        post(boss, List.of(used)).then().statusCode(202);
        rollup();
        assertEquals(3, usage(made.id()).getInt("days.find { it.role == 'boss' && it.feature == 'tasks' }.events"));
    }

    private static void rollup() {
        given().auth().oauth2(Tokens.admin()).post("/api/ops/usage-rollup").then().statusCode(200);
    }

    private static JsonPath usage(String tenant) {
        return given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + tenant + "/usage").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void partitionsAreMadeAheadAndOnesPastTheRetentionDropped() throws SQLException {
        LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(200);
        String name = "usage_event_" + old.toString().replace("-", "");
        try (Connection c = owner(); var st = c.prepareStatement("SELECT mh_usage_partitions(?, 1, ?)")) {
            st.setObject(1, old);
            st.setObject(2, old.minusDays(1));
            st.executeQuery();
        }
        assertEquals(1, ownerCount("SELECT count(*) FROM pg_class WHERE relname = ?", name), "an old day partition exists");

        List<String> changes = given().auth().oauth2(Tokens.admin()).post("/api/ops/usage-partitions").then()
                .statusCode(200).extract().jsonPath().getList("changes");
        assertTrue(changes.contains("-" + name), "dropped past the 180-day retention: " + changes);
        assertEquals(0, ownerCount("SELECT count(*) FROM pg_class WHERE relname = ?", name));
        for (int d = -1; d <= 7; d++) {
            String ahead = "usage_event_" + LocalDate.now(ZoneOffset.UTC).plusDays(d).toString().replace("-", "");
            assertEquals(1, ownerCount("SELECT count(*) FROM pg_class WHERE relname = ?", ahead), ahead + " made ahead");
        }
        // within the days the job makes partitions for; tests that move the app's clock weeks ahead (the
        // open house, conversion) record events past them, which the default partition is there to catch
        assertEquals(0, ownerCount("SELECT count(*) FROM usage_event_default WHERE at < now() + interval '7 days'"),
                "no event of the days made ahead falls outside a day partition");
        given().auth().oauth2(Tokens.presales()).post("/api/ops/usage-partitions").then().statusCode(403);
    }

    @Test
    void purgingATenantDeletesItsEvents() throws SQLException {
        var made = Tenants.logistics("用量清除");
        post(made.prospectToken("boss"), List.of(event("search", "gone"))).then().statusCode(202);
        rollup();
        assertFalse(usage(made.id()).getList("days").isEmpty());
        given().auth().oauth2(Tokens.presales()).delete("/api/tenants/" + made.id()).then().statusCode(200);
        UUID id = UUID.fromString(made.id());
        assertEquals(0, ownerCount("SELECT count(*) FROM usage_event WHERE tenant_id = ?", id));
        assertEquals(0, ownerCount("SELECT count(*) FROM usage_daily WHERE tenant_id = ?", id));
        assertNotNull(id);
    }

    @Test
    void anEndedTrialStopsRecordingWithinSecondsOfTheEnd() {
        var made = Tenants.logistics("用量到期");
        String token = made.prospectToken("boss");
        post(token, List.of(event("search", "before"))).then().statusCode(202); // the decision is now reused
        given().auth().oauth2(Tokens.presales()).post("/api/tenants/" + made.id() + "/expire").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> post(token, List.of(event("search", "after"))).statusCode() == 403);
        post(token, List.of(event("search", "after"))).then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("ended"));
    }
}
