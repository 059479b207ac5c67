package io.modelhouse.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

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
        String csrf = browser.formField(list.body(), "csrf");
        String company = "控制台物流 " + UUID.randomUUID().toString().substring(0, 6);

        var created = browser.postFormMulti(console + "/tenants", new String[][] { { "csrf", csrf }, { "templateKey", "logistics" },
                { "company", company }, { "contactName", "王磊" }, { "contactEmail", "wl@console.example" }, { "contactRole", "boss" },
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
        var extended = browser.postForm(tenantUrl + "/extend", Map.of("csrf", csrf, "days", "14"));
        assertTrue(extended.body().contains("试用已延期"), extended.body());
        var expired = browser.postForm(tenantUrl + "/expire", Map.of("csrf", csrf));
        assertTrue(expired.body().contains("EXPIRED"));
        var listed = browser.get(console + "?q=" + java.net.URLEncoder.encode(company, java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(listed.body().contains(company));
    }
}
