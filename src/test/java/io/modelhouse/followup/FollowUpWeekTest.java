package io.modelhouse.followup;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.modelhouse.testsupport.WebhookReceiver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A prospect team's realistic week, end to end: the economic buyer logs in on day 1, the user buyer
 * works every day, the technical buyer tests an integration on day 4, then silence. The engagement,
 * the signals in order, the ranked tasks with their material and the CRM's signed deliveries.
 */
@QuarkusTest
class FollowUpWeekTest {

    static final String SECRET = "week-test-secret-0123456789";

    @TestHTTPResource("/")
    URL root;
    @Inject
    ModelhouseClock clock;
    @Inject
    SignalService signals;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void aWeekOfATeamBecomesSignalsRankedTasksWithMaterialAndSignedWebhooks() throws Exception {
        try (WebhookReceiver crm = WebhookReceiver.start(SECRET)) {
            String hook = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("url", crm.url(), "secret", SECRET,
                            "events", List.of("signal.fired", "follow_up.created", "follow_up.completed")))
                    .post("/api/webhooks").then().statusCode(201).extract().path("id");
            try {
                week(crm);
            } finally {
                clock.use(Clock.systemUTC());
                given().auth().oauth2(Tokens.admin()).delete("/api/webhooks/" + hook).then().statusCode(204);
            }
        }
    }

    private void week(WebhookReceiver crm) throws Exception {
        var made = Tenants.logistics("一周物流");
        UUID tenant = UUID.fromString(made.id());
        String dispatcher = made.prospectToken("dispatcher");

        // day 1: the boss logs in and looks around; the dispatcher works
        String[] boss = made.login("boss");
        var bossBrowser = new BrowserSession();
        bossBrowser.login(url("/portal"), boss[0], boss[1]);
        bossBrowser.get(url("/portal?view=org"));
        work(dispatcher, "records.delivery_order");
        Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(20))
                .until(() -> signals.evaluate(tenant).stream().anyMatch(k -> k.startsWith("eb_first_login|"))
                        || hasTask(tenant, "eb_first_login"));

        // days 2 and 3: the dispatcher works daily; on day 3 nobody for the technical buyer has come in
        on(1);
        work(dispatcher, "tasks");
        evaluate(tenant);
        on(2);
        work(dispatcher, "approvals");
        signals.evaluate(tenant);
        assertTrue(active(tenant, "missing_stakeholder"), "the missing technical buyer, day 3");
        JsonPath missing = tasks(tenant, "open");
        String reason = missing.getString("find { it.signal == 'missing_stakeholder' }.reason");
        assertTrue(reason.contains("信息技术") && reason.contains("孙坤"), "names the role and its seat: " + reason);

        // day 4: the IT manager is added, logs in and tests an integration
        on(3);
        work(dispatcher, "records.vehicle");
        var it = given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                .body(Tenants.contact("赵强", "zhaoqiang." + UUID.randomUUID().toString().substring(0, 6) + "@prospect.example",
                        "it"))
                .post("/api/tenants/" + tenant + "/accounts").then().statusCode(201).extract().jsonPath();
        var itBrowser = new BrowserSession();
        String page = itBrowser
                .login(url("/portal?view=integrations"), it.getString("username"), it.getString("initialPassword"))
                .body();
        var tested = itBrowser.postForm(url("/portal/integrations/gps/test"),
                Map.of("csrf-token", itBrowser.formField(page, "csrf-token")));
        assertEquals(200, tested.statusCode());
        // (the portal's own trigger may have evaluated it already: what counts is what is true now)
        signals.evaluate(tenant);
        assertTrue(active(tenant, "integration_tested") && active(tenant, "three_roles_active"), "day 4");
        assertFalse(active(tenant, "missing_stakeholder"), "the technical buyer came");
        assertEquals("done", task(tenant, "missing_stakeholder", "all").get("state"),
                "the technical buyer came: the missing-stakeholder task closed itself");

        // then silence: on day 8 the trial is stalled
        // (the signal job's set-based pass this time: the same decisions from the same stored state)
        on(7);
        signals.evaluateMany(List.of(tenant));
        assertEquals(List.of(), signals.evaluate(tenant), "and nothing twice, whichever way it is evaluated");
        assertTrue(signals.active(tenant).stream().anyMatch(s -> s.signal().equals("stalled")), "day 8: stalled");

        // the engagement on day 8: all three of the decision chain were active within 14 days; 4 active days,
        // decayed by how long ago they were (engagement.md: 0.5^(days ago / 7), five fresh days = 100)
        JsonPath e = given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + tenant + "/engagement").then()
                .statusCode(200)
                .extract().jsonPath();
        assertEquals(100, e.getInt("components.coverage"));
        assertEquals(List.of("EB", "TB", "UB"), e.getList("influencesCovered").stream().sorted().toList());
        assertEquals(4, e.getInt("activeDays"));
        double decayed = 0;
        for (int ago : new int[] { 7, 6, 5, 4 }) {
            decayed += Math.pow(0.5, ago / 7.0);
        }
        assertEquals((int) Math.round(100 * decayed / 5), e.getInt("components.activity"));

        // the ranked queue: the boss first, then the silence, then the committee, then the technical evaluation
        JsonPath open = tasks(tenant, "open");
        List<String> ranked = open.getList("signal");
        assertTrue(ranked.indexOf("eb_first_login") == 0 && ranked.indexOf("stalled") == 1, "ranked: " + ranked);
        assertTrue(ranked.indexOf("three_roles_active") < ranked.indexOf("integration_tested"), "ranked: " + ranked);
        List<Double> priorities = open.getList("priority", Double.class);
        for (int i = 1; i < priorities.size(); i++) {
            assertTrue(priorities.get(i - 1) >= priorities.get(i), "by priority: " + priorities);
        }
        // the material of the deal's stage: the boss has been in, so the solution; his documents first, the TB's for the integration
        Map<String, Object> ebTask = task(tenant, "eb_first_login", "open");
        assertEquals("solution", ebTask.get("stage"));
        assertEquals(List.of("solution-dispatch-collaboration", "case-pharmacy-two-hour", "solution-integration-architecture"),
                keys(ebTask));
        assertEquals("solution-integration-architecture", keys(task(tenant, "integration_tested", "open")).get(0));
        assertTrue(((String) ebTask.get("suggestion")).contains("王磊"), "the suggestion names the boss");

        // pre-sales moves the deal to the bid: the open tasks bring the bid papers, the boss's first
        given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON).body(Map.of("salesStage", "bidding"))
                .put("/api/tenants/" + tenant + "/sales-stage").then().statusCode(200);
        assertEquals(List.of("pricing-2026", "security-certificates", "bid-technical-parameters"),
                keys(task(tenant, "eb_first_login", "open")));
        given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON).body(Map.of("salesStage", "closing"))
                .put("/api/tenants/" + tenant + "/sales-stage").then().statusCode(422);

        // completing the call; a second completion is refused
        String ebId = (String) ebTask.get("id");
        given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON).body(Map.of("outcome", "周四下午讲方案"))
                .post("/api/follow-ups/" + ebId + "/complete").then().statusCode(200);
        given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON).body(Map.of("outcome", "again"))
                .post("/api/follow-ups/" + ebId + "/complete").then().statusCode(409);
        given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/follow-ups/" + tasks(tenant, "open").getString("[0].id") + "/complete").then().statusCode(422);

        // the CRM heard all of it, signed, in the order it happened
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> of(crm, tenant, "follow_up.completed").size() == 1);
        List<JsonNode> fired = of(crm, tenant, "signal.fired");
        List<String> order = fired.stream().map(n -> n.at("/signal/key").asText()).toList();
        for (String[] pair : new String[][] { { "eb_first_login", "missing_stakeholder" },
                { "missing_stakeholder", "integration_tested" },
                { "integration_tested", "stalled" } }) {
            assertTrue(order.indexOf(pair[0]) >= 0 && order.indexOf(pair[0]) < order.indexOf(pair[1]), "in order: " + order);
        }
        assertEquals(order.size(), order.stream().distinct().count(), "each signal once: " + order);
        List<JsonNode> created = of(crm, tenant, "follow_up.created");
        assertEquals(fired.size(), created.size(), "a task per signal");
        JsonNode ebCreated = created.stream().filter(n -> n.at("/followUp/signal").asText().equals("eb_first_login"))
                .findFirst()
                .orElseThrow();
        assertEquals("solution-dispatch-collaboration", ebCreated.at("/followUp/material/0/key").asText());
        assertEquals(made.company(), ebCreated.at("/tenant/company").asText());
        assertEquals("周四下午讲方案", of(crm, tenant, "follow_up.completed").get(0).at("/followUp/outcome").asText());
        assertTrue(crm.received().stream().allMatch(WebhookReceiver.Received::signatureValid), "every delivery signed");
        assertFalse(open.getList("signal").contains("missing_stakeholder"));
    }

    private void work(String token, String feature) {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(List.of(Map.of("type", "page_view", "feature", feature),
                        Map.of("type", "search", "feature", feature, "target", "盒马")))
                .post("/api/portal/events").then().statusCode(202);
    }

    private void on(int daysAfterDayOne) {
        clock.use(Clock.offset(Clock.systemUTC(), Duration.ofDays(daysAfterDayOne)));
    }

    private boolean active(UUID tenant, String signal) {
        return signals.active(tenant).stream().anyMatch(s -> s.signal().equals(signal));
    }

    private void evaluate(UUID tenant) {
        signals.evaluate(tenant);
    }

    private boolean hasTask(UUID tenant, String signal) {
        return tasks(tenant, "all").getList("signal").contains(signal);
    }

    private JsonPath tasks(UUID tenant, String state) {
        return given().auth().oauth2(Tokens.presales()).header("Accept-Language", "zh-CN")
                .get("/api/follow-ups?state=" + state + "&tenantId=" + tenant).then().statusCode(200).extract().jsonPath();
    }

    private Map<String, Object> task(UUID tenant, String signal, String state) {
        return tasks(tenant, state).getMap("find { it.signal == '" + signal + "' }");
    }

    @SuppressWarnings("unchecked")
    private static List<String> keys(Map<String, Object> task) {
        return ((List<Map<String, Object>>) task.get("material")).stream().map(m -> (String) m.get("key")).toList();
    }

    private List<JsonNode> of(WebhookReceiver crm, UUID tenant, String event) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (var r : crm.accepted()) {
            JsonNode n = json.readTree(r.body());
            if (event.equals(n.path("event").asText()) && tenant.toString().equals(n.at("/tenant/id").asText())) {
                out.add(n);
            }
        }
        out.sort(Comparator.comparing(n -> n.path("occurredAt").asText()));
        return out;
    }

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }
}
