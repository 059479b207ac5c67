package io.modelhouse.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Pre-sales in the console: one form gives working login links; the tenant's page changes it. */
@QuarkusTest
class ConsolePageTest {

    @TestHTTPResource("/console")
    URL console;

    @Test
    void oneFormCreatesAModelHouseWhoseLoginWorksThenExtendAndExpireFromItsPage() {
        var browser = new BrowserSession();
        var list = browser.login(console.toString(), "presales", "presales");
        assertEquals(200, list.statusCode());
        String csrf = browser.formField(list.body(), "csrf-token");
        String company = "控制台物流 " + UUID.randomUUID().toString().substring(0, 6);

        var created = browser.postFormMulti(console + "/tenants",
                new String[][] { { "csrf-token", csrf }, { "templateKey", "logistics" },
                        { "company", company }, { "contactName", "王磊" }, { "contactEmail", "wl@console.example" },
                        { "contactRole", "boss" },
                        { "contactName", "" }, { "contactEmail", "" }, { "contactRole", "boss" } });
        assertEquals(200, created.statusCode(), created.body());
        assertTrue(created.body().contains(company) && created.body().contains("id=\"logins\""), "the login links are shown");
        Matcher codes = Pattern.compile("<code>([^<]+)</code></td><td><code>([^<]+)</code>").matcher(created.body());
        assertTrue(codes.find(), "username and password shown once");
        Tokens.of(codes.group(1), codes.group(2)); // the login works

        // the answer is the new tenant's page (rendered, not redirected to, so the passwords are shown once)
        Matcher action = Pattern.compile("action=\"(/console/tenants/[0-9a-f-]{36})/extend\"").matcher(created.body());
        assertTrue(action.find(), "the tenant's actions are on the page");
        String tenantUrl = console.toString().replace("/console", "") + action.group(1);
        var extended = browser.postForm(tenantUrl + "/extend", Map.of("csrf-token", csrf, "days", "14"));
        assertTrue(extended.body().contains("试用已延期"), extended.body());
        var expired = browser.postForm(tenantUrl + "/expire", Map.of("csrf-token", csrf));
        assertTrue(expired.body().contains("EXPIRED"));
        var listed = browser
                .get(console + "/tenants?q=" + URLEncoder.encode(company, StandardCharsets.UTF_8));
        assertTrue(listed.body().contains(company));
    }

    @Test
    void aFormWithWrongFieldsSaysWhatIsWrongAtEachFieldKeepsWhatWasTypedAndMakesNothing() {
        var browser = new BrowserSession();
        var list = browser.login(console.toString(), "presales", "presales");
        String csrf = browser.formField(list.body(), "csrf-token");
        String company = "校验物流 " + UUID.randomUUID().toString().substring(0, 6);

        var refused = browser.postFormMulti(console + "/tenants",
                new String[][] { { "csrf-token", csrf }, { "templateKey", "logistics" },
                        { "company", company }, { "trialDays", "-5" }, { "contactName", "王磊" },
                        { "contactEmail", "wl@console.example" },
                        { "contactRole", "boss" }, { "contactName", "李娜" }, { "contactEmail", "not-a-mail" },
                        { "contactRole", "finance" } });

        assertEquals(422, refused.statusCode());
        String html = refused.body();
        assertTrue(html.contains("trialDays must be at least 1"),
                "the trial days error, from the API's own constraint: " + html);
        assertTrue(html.contains("email must be a mail address"), "the second contact's mail error");
        assertTrue(html.contains("value=\"" + company + "\"") && html.contains("value=\"not-a-mail\""),
                "what was typed is kept");
        assertTrue(html.contains("<title>") && html.contains("id=\"create\""), "the form is shown again, in the page");
        RestAssured.given().auth().oauth2(Tokens.presales()).queryParam("q", company).get("/api/tenants").then()
                .statusCode(200).body("total", Matchers.equalTo(0));

        // the tenant page's extend form uses the API's constraint too
        var made = Tenants.logistics("校验延期物流");
        var extend = browser.postForm(console + "/tenants/" + made.id() + "/extend", Map.of("csrf-token", csrf, "days", "500"));
        assertEquals(422, extend.statusCode());
        assertTrue(extend.body().contains("days must be 1..180"), extend.body());
    }
}
