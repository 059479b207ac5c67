package io.modelhouse.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.Bundles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The admin's template pages through the real login: list, a refused upload with its report, import and publish. */
@QuarkusTest
class TemplatesPageTest {

    @TestHTTPResource("/admin/templates")
    URL templates;

    @Test
    void anAdminUploadsABrokenBundleSeesEveryErrorThenImportsAndPublishesTheFixedOne() {
        var browser = new BrowserSession();
        var list = browser.login(templates.toString(), "admin", "admin");
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("同城物流") && list.body().contains("制造企业"), "bundled templates listed");
        String csrf = browser.formField(list.body(), "csrf-token");

        String key = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> files = Bundles.renamed("logistics", key);
        Map<String, String> broken = new LinkedHashMap<>(files);
        broken.put("template.yaml", files.get("template.yaml").replaceFirst("influence: TB", "influence: XB"));
        var report = browser.upload(templates + "/upload", Map.of("csrf-token", csrf, "action", "validate"), "bundle",
                "broken.zip",
                Bundles.zip(broken));
        assertEquals(422, report.statusCode());
        int line = Bundles.lineOf(broken.get("template.yaml"), "influence: XB");
        assertTrue(report.body().contains("template.yaml") && report.body().contains("<td>" + line + "</td>")
                && report.body().contains("XB"), "error with file and line shown");

        var imported = browser.upload(templates + "/upload", Map.of("csrf-token", csrf, "action", "import"), "bundle",
                "fixed.zip",
                Bundles.zip(files));
        assertEquals(200, imported.statusCode());
        assertTrue(imported.uri().toString().contains("/admin/templates/" + key), imported.uri().toString());
        assertTrue(imported.body().contains("DRAFT"), "a draft first");

        var published = browser.postForm(templates + "/" + key + "/versions/1/publish", Map.of("csrf-token", csrf));
        assertEquals(200, published.statusCode());
        assertTrue(published.body().contains("PUBLISHED"), "published");
    }

    @Test
    void aFormWithoutTheTokenIsRefused() {
        var browser = new BrowserSession();
        browser.login(templates.toString(), "admin", "admin");
        var refused = browser.postForm(templates + "/logistics/settings", Map.of("poolSize", "1"));
        assertEquals(403, refused.statusCode());
    }

    @Test
    void theSettingsFormSaysWhatIsWrongAtTheFieldAndChangesNothing() {
        var browser = new BrowserSession();
        var list = browser.login(templates.toString(), "admin", "admin");
        String csrf = browser.formField(list.body(), "csrf-token");
        var refused = browser.postForm(templates + "/manufacturing/settings",
                Map.of("csrf-token", csrf, "poolSize", "-1", "trialDays", "30", "seatLimit", "many"));
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("pool size must be 0..500") && refused.body().contains("seat limit must be 1..200"),
                refused.body());
        assertTrue(refused.body().contains("value=\"many\""), "what was typed is shown again");
        io.restassured.RestAssured.given().auth().oauth2(io.modelhouse.testsupport.Tokens.admin())
                .get("/api/templates/manufacturing").then().body("pool.size", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void presalesCannotOpenTheAdminPages() {
        var page = new BrowserSession().login(templates.toString(), "presales", "presales");
        assertEquals(403, page.statusCode());
    }
}
