package io.modelhouse.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.modelhouse.followup.SignalService;
import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The console as pre-sales use it every morning: the queue on the home page, a task's material, the
 * tenant's timeline and stage, the prospect's request approved, the fleet filtered and exported.
 */
@QuarkusTest
class FollowUpConsoleTest {

    @TestHTTPResource("/")
    URL root;
    @Inject
    SignalService signals;

    @Test
    void theQueueLeadsToTheTenantWhoseRequestIsApprovedAndTheFleetExportsIt() {
        var made = Tenants.logistics("队列物流");
        UUID tenant = UUID.fromString(made.id());
        String[] boss = made.login("boss");
        var prospect = new BrowserSession();
        String portal = prospect.login(url("/portal"), boss[0], boss[1]).body();
        var asked = prospect.postForm(url("/portal/asks/extension"),
                Map.of("csrf-token", prospect.formField(portal, "csrf-token"), "days", "10", "why", "老板下周出差回来再看"));
        assertEquals(200, asked.statusCode());
        Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(20)).until(() -> {
            signals.evaluate(tenant);
            return given().auth().oauth2(Tokens.presales()).get("/api/follow-ups?tenantId=" + tenant).then().extract()
                    .jsonPath()
                    .getList("signal").contains("extension_requested");
        });

        var staff = new BrowserSession();
        String home = staff.login(url("/console?owner=all"), "presales", "presales").body();
        String card = between(home, "data-signal=\"eb_first_login\"", "</article>", made.company());
        assertTrue(card.contains("/console/tenants/" + tenant + "/docs/"), "the task's material links: " + card);
        assertTrue(home.contains("id=\"create\""), "the create form is on the home page too");

        // a document of the material opens in the console
        Matcher doc = Pattern.compile("href=\"(/console/tenants/" + tenant + "/docs/[^\"]+)\"").matcher(card);
        assertTrue(doc.find());
        var opened = staff.get(url(doc.group(1)));
        assertEquals(200, opened.statusCode());
        assertTrue(opened.body().contains("id=\"doc\"") && opened.body().contains("class=\"doc-body\"><"),
                "a rendered document");

        // the tenant page: the timeline (the boss's bars), the stage, the open tasks, the request
        String page = staff.get(url("/console/tenants/" + tenant)).body();
        assertTrue(page.contains("id=\"timeline-svg\"") && page.contains("data-role=\"boss\""), "the boss on the timeline");
        assertTrue(page.contains("id=\"sales-stage\" data-stage=\"bidding\""), "an extension request puts the deal at the bid");
        String csrf = staff.formField(page, "csrf-token");
        Matcher ask = Pattern.compile("action=\"(/console/tenants/" + tenant + "/asks/[0-9a-f-]{36}/approve)\"").matcher(page);
        assertTrue(ask.find(), "the extension request can be approved");
        Instant before = Instant.parse(given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + tenant).then().extract()
                .path("expiresAt"));
        var approved = staff.postForm(url(ask.group(1)), Map.of("csrf-token", csrf));
        assertEquals(200, approved.statusCode());
        assertTrue(approved.body().contains("class=\"muted answered\""), "answered, and by whom");
        Instant after = Instant.parse(given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + tenant).then().extract()
                .path("expiresAt"));
        assertEquals(Duration.ofDays(10), Duration.between(before, after), "extended by the days asked for");
        assertEquals(409, staff.postForm(url(ask.group(1)), Map.of("csrf-token", csrf)).statusCode(), "not twice");

        // pre-sales sets the stage; completing a task from the queue
        staff.postForm(url("/console/tenants/" + tenant + "/stage"), Map.of("csrf-token", csrf, "salesStage", "contract"));
        assertTrue(staff.get(url("/console/tenants/" + tenant)).body().contains("data-stage=\"contract\""));
        String taskId = given().auth().oauth2(Tokens.presales()).get("/api/follow-ups?tenantId=" + tenant).then().extract()
                .path("find { it.signal == 'eb_first_login' }.id");
        var refused = staff.postForm(url("/console/follow-ups/" + taskId + "/complete"),
                Map.of("csrf-token", csrf, "outcome", " "));
        assertEquals(422, refused.statusCode());
        var done = staff.postForm(url("/console/follow-ups/" + taskId + "/complete"),
                Map.of("csrf-token", csrf, "outcome", "约了周四讲方案", "back", "/console?owner=all"));
        assertEquals(200, done.statusCode());
        assertFalse(done.body().contains("id=\"task-" + taskId + "\""), "gone from the open queue");
        assertTrue(staff.get(url("/console?owner=all&state=done")).body().contains("约了周四讲方案"));

        // the fleet, filtered, and its CSV
        String fleet = staff
                .get(url("/console/tenants?q=" + made.company().substring(0, 4) + "&templateKey=logistics&minScore=1")).body();
        assertTrue(fleet.contains(made.company()), "the engaged tenant is listed with its score");
        assertFalse(staff.get(url("/console/tenants?q=" + made.company().substring(0, 4) + "&minScore=100")).body()
                .contains(made.company()), "not with a score it does not have");
        var csv = staff.get(url("/console/tenants.csv?q="
                + java.net.URLEncoder.encode(made.company(), java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        String[] lines = csv.body().replace("\uFEFF", "").split("\r?\n");
        assertTrue(lines[0].startsWith("id,company,template,state,owner,salesStage"), lines[0]);
        assertEquals(2, lines.length, csv.body());
        String row = lines[1].replace("\"", "");
        assertTrue(row.startsWith(tenant + ",") && row.contains(",contract,") && row.matches(".*,contract,[^,]+,[^,]+,\\d+,.*"),
                "the tenant with its stage, dates and score: " + row);
        assertEquals(422, staff.get(url("/console/tenants?minScore=900")).statusCode());
    }

    /** The part of a page from the element that has the marker up to its end, for the card of this company. */
    private static String between(String page, String marker, String end, String company) {
        int at = page.indexOf(marker);
        while (at >= 0) {
            String part = page.substring(at, page.indexOf(end, at));
            if (part.contains(company)) {
                return part;
            }
            at = page.indexOf(marker, at + 1);
        }
        throw new AssertionError("no " + marker + " card for " + company);
    }

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }
}
