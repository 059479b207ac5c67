package io.modelhouse.portal;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The prospect's own look (logo and brand colour, from the API and the console form), and an
 * ended trial that is read-only but still offers the ways forward.
 */
@QuarkusTest
class LookAndFeelTest {

    @TestHTTPResource("/")
    URL root;

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    private static Map<String, Object> request(String company, String color) {
        Map<String, Object> r = new HashMap<>(Tenants.request(company, Tenants.contact("王磊",
                "wanglei." + UUID.randomUUID().toString().substring(0, 8) + "@prospect.example", "boss")));
        r.put("logoUrl", "/favicon.svg");
        r.put("brandColor", color);
        return r;
    }

    @Test
    void theProspectsLogoAndBrandColourAreTheirPortals() {
        given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON).body(request("品牌色错误", "red"))
                .post("/api/tenants").then().statusCode(422).body("errors.find { it.path == 'brandColor' }.message",
                        org.hamcrest.Matchers.containsString("#rrggbb"));

        String company = "品牌色物流 " + UUID.randomUUID().toString().substring(0, 6);
        var body = given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON).body(request(company, "#f4d35e"))
                .post("/api/tenants").then().statusCode(201).extract().jsonPath();
        var made = new Tenants.Made(body.getString("id"), company, body);
        String[] login = made.login("boss");
        var browser = new BrowserSession();
        String page = browser.login(url("/portal"), login[0], login[1]).body();
        assertTrue(page.contains("--brand:#f4d35e;--brand-ink:#1f2933"), "a light colour gets dark ink");
        assertTrue(page.contains("<img src=\"/favicon.svg\""), "the logo");
        assertTrue(browser.get(url("/portal/records/delivery_order")).body().contains("--brand:#f4d35e"), "records too");

        var staff = new BrowserSession();
        String console = staff.login(url("/console"), "admin", "admin").body();
        assertTrue(console.contains("name=\"brandColor\"") && console.contains("name=\"logoUrl\""), "in the console form");
        var refused = staff.postFormMulti(url("/console/tenants"), new String[][] {
                { "csrf-token", staff.formField(console, "csrf-token") }, { "templateKey", "logistics" },
                { "company", "控制台品牌色" }, { "brandColor", "#12345" }, { "contactName", "赵敏" },
                { "contactEmail", "zhaomin@prospect.example" }, { "contactRole", "boss" } });
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("value=\"#12345\"") && refused.body().contains("brandColor is a colour"),
                "the error at the field, what was typed kept");
    }

    @Test
    void anEndedTrialIsReadOnlyAndOffersTheWaysForward() throws Exception {
        var made = Tenants.logistics("结束页物流");
        String[] login = made.login("boss");
        var browser = new BrowserSession();
        browser.login(url("/portal"), login[0], login[1]);

        given().auth().oauth2(Tokens.presales()).post("/api/tenants/" + made.id() + "/expire").then().statusCode(200);
        String ended = browser.get(url("/portal")).body();
        assertTrue(ended.contains("id=\"trial-ended\"") && ended.contains("id=\"ask-extension\"")
                && ended.contains("id=\"ask-contact\"") && ended.contains("mailto:"), ended);
        assertFalse(ended.contains("id=\"records\""), "read-only: no workspace");
        String csrf = browser.formField(ended, "csrf-token");
        var refused = browser.postForm(url("/portal/asks/extension"), Map.of("csrf-token", csrf, "days", "99"));
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("id=\"trial-ended\"") && refused.body().contains("请选择 1 到 30 天"),
                "the ended page again, the error at the field");
        var asked = browser.postForm(url("/portal/asks/extension"), Map.of("csrf-token", csrf, "days", "14", "why",
                "老板出差刚回来，想再看两周"));
        assertEquals(200, asked.statusCode());
        assertTrue(asked.body().contains("已收到您的延期申请") && asked.body().contains("id=\"trial-ended\""));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> assertEquals(List.of("14"),
                        given().auth().oauth2(Tokens.presales())
                                .get("/api/tenants/" + made.id() + "/events?type=extension_requested")
                                .then().statusCode(200).extract().jsonPath().getList("items.target")));
    }
}
