package io.modelhouse.followup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code GET /api/tenants/{id}/engagement} from what the tenant's people really did. */
@QuarkusTest
class EngagementApiTest {

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL root;

    @jakarta.inject.Inject
    SignalService signals;
    @jakarta.inject.Inject
    SignalJobs jobs;

    @Test
    void theEngagementOfAModelHouseFollowsWhatItsPeopleDo() {
        var made = Tenants.logistics("参与度物流");
        given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + made.id() + "/engagement").then().statusCode(200)
                .body("score", equalTo(0)).body("components.coverage", equalTo(0)).body("people.size()", equalTo(2));

        String boss = made.prospectToken("boss");
        String dispatcher = made.prospectToken("dispatcher");
        given().auth().oauth2(boss).contentType(ContentType.JSON)
                .body(List.of(Map.of("type", "page_view", "feature", "dashboard"),
                        Map.of("type", "feature_used", "feature", "org_chart", "target", "调度中心")))
                .post("/api/portal/events").then().statusCode(202);
        given().auth().oauth2(dispatcher).contentType(ContentType.JSON)
                .body(List.of(Map.of("type", "search", "feature", "records.delivery_order", "target", "盒马"),
                        Map.of("type", "page_view", "feature", "tasks")))
                .post("/api/portal/events").then().statusCode(202);

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(Tokens.presales())
                .get("/api/tenants/" + made.id() + "/engagement").then().statusCode(200)
                .body("components.coverage", equalTo(80))
                .body("influencesCovered", contains("EB", "UB"))
                .body("rolesActive", contains("boss", "dispatcher"))
                .body("activeDays", equalTo(1))
                .body("components.breadth", equalTo(Math.round(100f * 4 / 9)))
                .body("components.activity", equalTo(20))
                .body("score", greaterThan(0))
                .body("people.find { it.role == 'dispatcher' }.activeDays", equalTo(1))
                .body("people.find { it.role == 'boss' }.scenarioProgress.done", greaterThan(0)));

        // the commit of the boss's events had the signals evaluated (SignalTriggers): his first login fired, once
        var tenant = java.util.UUID.fromString(made.id());
        Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(10))
                .until(() -> signals.active(tenant).stream().anyMatch(s -> s.signal().equals("eb_first_login")));
        assertEquals(List.of(), signals.evaluate(tenant), "nothing fires twice");
        given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + made.id() + "/engagement").then().statusCode(200)
                .body("signals.signal", hasItem("eb_first_login"))
                .body("signals.find { it.signal == 'eb_first_login' }.reasonZh", containsString("经济决策人"))
                .body("signals.find { it.signal == 'eb_first_login' }.firedCount", equalTo(1));
        assertTrue(jobs.pass() >= 0, "a pass over every active tenant runs");

        // pre-sales see it on the tenant's page in the console
        var staff = new io.modelhouse.testsupport.BrowserSession();
        staff.login(root.toString().replaceAll("/$", "") + "/console", "admin", "admin");
        String page = staff.get(root.toString().replaceAll("/$", "") + "/console/tenants/" + made.id()).body();
        assertTrue(
                page.contains("id=\"engagement\"") && page.contains("决策链覆盖") && page.contains("data-signal=\"eb_first_login\"")
                        && page.contains("经济决策人"),
                "the engagement card with its signals");

        given().auth().oauth2(boss).get("/api/tenants/" + made.id() + "/engagement").then().statusCode(403);
        given().auth().oauth2(Tokens.presales()).get("/api/tenants/00000000-0000-0000-0000-000000000000/engagement").then()
                .statusCode(404);
        given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + made.id() + "/engagement").then()
                .body("people.role", hasItem("boss"));
    }

    @Test
    void theEconomicBuyersFirstLoginIsASignalWithinSecondsWithoutTheJob() {
        var made = Tenants.logistics("登录信号物流");
        String[] boss = made.login("boss");
        var browser = new io.modelhouse.testsupport.BrowserSession();
        String portal = root.toString().replaceAll("/$", "") + "/portal";
        browser.login(portal, boss[0], boss[1]);
        // the signal job is off in tests: only the login itself can make the signal
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            browser.get(portal);
            given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + made.id() + "/engagement").then().statusCode(200)
                    .body("signals.signal", hasItem("eb_first_login"));
        });
    }
}
