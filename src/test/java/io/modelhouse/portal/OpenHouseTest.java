package io.modelhouse.portal;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The open house: for a week after the trial clock expires a model house, its people still log in
 * to a recap of what their team did (zh-CN and en), with a summary to forward and the ways forward;
 * every form of the portal and every write of the API is refused, and nothing changes. When the
 * week is over the logins close.
 */
@QuarkusTest
class OpenHouseTest {

    @Inject
    ModelhouseClock clock;

    @TestHTTPResource("/portal")
    URL portal;

    @AfterEach
    void realTime() {
        clock.use(Clock.systemUTC());
    }

    private static final Pattern FORM = Pattern
            .compile("(?s)<form[^>]*method=\"post\"[^>]*action=\"([^\"]+)\"[^>]*>(.*?)</form>");
    private static final Pattern FIELD = Pattern.compile("name=\"([^\"]+)\"(?: [^>]*)? value=\"([^\"]*)\"");

    @Test
    void afterExpiryThePeopleReadARecapAndNoFormOrApiWriteWorks() {
        var made = Tenants.logistics("开放日物流");
        String[] boss = made.login("boss");
        var browser = new BrowserSession();
        browser.login(portal.toString(), boss[0], boss[1]);
        // one record of their own, so the recap has something to count
        String form = browser.get(portal + "/records/delivery_order/new").body();
        Map<String, String> record = new LinkedHashMap<>();
        record.put("csrf-token", browser.formField(form, "csrf-token"));
        record.put("title", "开放日测试单");
        record.put("status", "pending");
        record.put("when", "2026-12-03T09:30");
        record.put("f.customer", "盒马鲜生(徐汇店)");
        record.put("f.pieces", "3");
        record.put("f.amount", "12.00");
        assertEquals(200, browser.postForm(portal + "/records/delivery_order", record).statusCode());

        // every form the portal offers while the trial runs, with what it would send
        Map<String, Map<String, String>> forms = new LinkedHashMap<>();
        List<String> pages = new ArrayList<>();
        for (String view : WorkspaceSections.VIEWS) {
            pages.add(portal + "?view=" + view);
        }
        pages.add(portal + "/records/delivery_order/new");
        for (String page : pages) {
            Matcher f = FORM.matcher(browser.get(page).body());
            while (f.find()) {
                String action = f.group(1).replace("&amp;", "&");
                if (action.startsWith("/portal/asks/")) {
                    continue; // asking for more days or a call is what an ended trial is for
                }
                Map<String, String> fields = new LinkedHashMap<>();
                Matcher v = FIELD.matcher(f.group(2));
                while (v.find()) {
                    fields.put(v.group(1), v.group(2));
                }
                fields.putIfAbsent("text", "还能写吗");
                fields.putIfAbsent("title", "还能写吗");
                forms.putIfAbsent(action, fields);
            }
        }
        assertTrue(forms.size() >= 10, "the portal's forms: " + forms.keySet());
        long records = recordCount(made);

        clock.use(Clock.offset(Clock.systemUTC(), Duration.ofDays(30).plusHours(1)));
        given().auth().oauth2(Tokens.admin()).post("/api/ops/expiry").then().statusCode(200);

        // a person who logs in now (identity-first, as any day) lands on the recap
        var colleague = new BrowserSession();
        String[] dispatcher = made.login("dispatcher");
        String recap = colleague.login(portal.toString(), dispatcher[0], dispatcher[1]).body();
        assertTrue(recap.contains("id=\"recap\"") && recap.contains("开放日物流"), recap);
        assertTrue(recap.contains("王磊") && recap.contains("还没登录过"), "who came and who did not");
        Matcher records1 = Pattern.compile("id=\"records-made\"><b>(\\d+)</b>").matcher(recap);
        assertTrue(records1.find() && records1.group(1).equals("1"), "the record they made is counted");
        assertTrue(recap.contains("href=\"mailto:?subject=") && recap.contains("id=\"summary\""), "a summary to forward");
        assertFalse(recap.contains("id=\"records\""), "no workspace to change");
        String english = colleague.get(portal + "?lang=en").body();
        assertTrue(english.contains("Your team&#39;s trial at") || english.contains("Your team's trial at"), english);
        assertTrue(english.contains("colleagues logged in"), "the summary in English too");

        // no form of the portal works, whatever it sends
        String csrf = browser.formField(browser.get(portal.toString()).body(), "csrf-token");
        for (var f : forms.entrySet()) {
            Map<String, String> fields = new LinkedHashMap<>(f.getValue());
            fields.put("csrf-token", csrf);
            int status = browser.postForm(portal.toString().replace("/portal", "") + f.getKey(), fields).statusCode();
            assertEquals(403, status, f.getKey() + " must be refused in the open house");
        }
        // nor any write of the API; reads still answer
        String token = made.prospectToken("boss");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "钱七", "email", "qq@open-house.example", "role", "finance"))
                .post("/api/portal/invitations").then().statusCode(403);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(List.of(Map.of("type", "page_view")))
                .post("/api/portal/events").then().statusCode(403);
        given().auth().oauth2(token).get("/api/portal/me").then().statusCode(200);
        assertEquals(records, recordCount(made), "nothing changed");
        // asking for more days still works
        String recapCsrf = colleague.formField(recap, "csrf-token");
        var asked = colleague.postForm(portal + "/asks/extension", Map.of("csrf-token", recapCsrf, "days", "7", "why", "还要试"));
        assertEquals(200, asked.statusCode());
        assertTrue(asked.body().contains("id=\"ask-received\""), asked.body());

        // the week is over: the logins close
        clock.use(Clock.offset(Clock.systemUTC(), Duration.ofDays(37).plusHours(2)));
        given().auth().oauth2(Tokens.admin()).post("/api/ops/expiry").then().statusCode(200);
        given().auth().oauth2(token).get("/api/portal/me").then().statusCode(403);
        assertTrue(colleague.get(portal.toString()).body().contains("id=\"trial-ended\""));
        int refused = given().baseUri(io.modelhouse.testsupport.LocalStackResource.KEYCLOAK_URL)
                .formParam("grant_type", "password")
                .formParam("client_id", "modelhouse-cli").formParam("username", dispatcher[0])
                .formParam("password", dispatcher[1]).post("/realms/modelhouse/protocol/openid-connect/token").then().extract()
                .statusCode();
        assertTrue(refused == 400 || refused == 401, "Keycloak refuses the login now: " + refused);
    }

    private static long recordCount(Tenants.Made made) {
        return given().auth().oauth2(made.prospectToken("boss")).get("/api/portal/records?type=delivery_order&size=1").then()
                .statusCode(200).extract().jsonPath().getLong("total");
    }
}
