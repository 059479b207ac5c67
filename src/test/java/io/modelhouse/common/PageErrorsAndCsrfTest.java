package io.modelhouse.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** What a person with a browser meets when something is refused: a page, never a bare status; forged forms never act. */
@QuarkusTest
class PageErrorsAndCsrfTest {

    @TestHTTPResource("/")
    URL root;

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    @Test
    void aFormWithAForgedTokenOrNoneIsRefusedAndChangesNothing() {
        var browser = new BrowserSession();
        assertEquals(200, browser.login(url("/console"), "presales", "presales").statusCode());
        String company = "伪造表单物流 " + UUID.randomUUID().toString().substring(0, 6);
        String[][] form = { { "csrf-token", "attacker-chosen-value-0123456789abcdefXYZ" }, { "templateKey", "logistics" },
                { "company", company }, { "contactName", "王磊" }, { "contactEmail", "wl@forged.example" },
                { "contactRole", "boss" } };

        // the attacker's page planted a cookie and sends the same value in the field
        browser.setCookie(url("/"), "mh-csrf", form[0][1]);
        browser.setCookie(url("/"), "csrf-token", form[0][1]);
        var forged = browser.postFormMulti(url("/console/tenants"), form);
        assertEquals(403, forged.statusCode());
        assertErrorPage(forged.body(), "无法接受这个表单");

        var none = browser.postFormMulti(url("/console/tenants"),
                new String[][] { form[1], form[2], form[3], form[4], form[5] });
        assertEquals(403, none.statusCode());
        assertErrorPage(none.body(), "无法接受这个表单");

        // another person's valid token does not work in this session either
        var other = new BrowserSession();
        String othersToken = other.formField(other.login(url("/console"), "admin", "admin").body(), "csrf-token");
        form[0][1] = othersToken;
        assertEquals(403, browser.postFormMulti(url("/console/tenants"), form).statusCode());

        given().auth().oauth2(Tokens.presales()).queryParam("q", company).get("/api/tenants").then().statusCode(200)
                .body("total", equalTo(0));
    }

    /**
     * Every form of every page (found in the code: each {@code @FormPost} method) refuses a token the
     * attacker chose and planted as a cookie, and one of another session.
     */
    @Test
    void everyFormRefusesAPlantedTokenAndChangesNothing() throws Exception {
        var tenant = Tenants.logistics("全表单伪造物流");
        String forged = "attacker-chosen-value-0123456789abcdefXYZ";
        var staff = new BrowserSession();
        assertEquals(200, staff.login(url("/console"), "admin", "admin").statusCode());
        String[] boss = tenant.login("boss");
        var prospect = new BrowserSession();
        assertEquals(200, prospect.login(url("/portal"), boss[0], boss[1]).statusCode());
        for (BrowserSession b : java.util.List.of(staff, prospect)) {
            b.setCookie(url("/"), "mh-csrf", forged);
            b.setCookie(url("/"), "mh_csrf", forged);
            b.setCookie(url("/"), "csrf-token", forged);
        }
        var forms = new com.tngtech.archunit.core.importer.ClassFileImporter().importPackages("io.modelhouse").stream()
                .flatMap(c -> c.getMethods().stream())
                .filter(m -> m.isAnnotatedWith(FormPost.class) && m.isAnnotatedWith(jakarta.ws.rs.POST.class))
                .map(m -> m.getOwner().getAnnotationOfType(jakarta.ws.rs.Path.class).value() + "/"
                        + (m.isAnnotatedWith(jakarta.ws.rs.Path.class) ? m.getAnnotationOfType(jakarta.ws.rs.Path.class).value()
                                : ""))
                .map(p -> p.replaceAll("/+", "/").replaceAll("/$", ""))
                .sorted().toList();
        assertTrue(forms.size() >= 6, "forms found: " + forms);
        for (String form : forms) {
            String path = form.replace("{id}", tenant.id()).replace("{key}", "logistics").replace("{version}", "1")
                    .replace("{type}", "delivery_order").replace("{flow}", "expense")
                    .replace("{ask}", UUID.randomUUID().toString())
                    .replace("{action}", form.startsWith("/console") ? "expire" : "retire");
            BrowserSession b = path.startsWith("/portal") ? prospect : staff;
            var answer = path.endsWith("/upload")
                    ? b.upload(url(path), java.util.Map.of("csrf-token", forged), "bundle", "forged.zip",
                            io.modelhouse.testsupport.Bundles.zip(io.modelhouse.testsupport.Bundles.renamed("logistics",
                                    "forged-" + UUID.randomUUID().toString().substring(0, 6))))
                    : path.endsWith("/move-in")
                            ? b.upload(url(path), java.util.Map.of("csrf-token", forged), "orgChart", "forged.csv",
                                    "部门,姓名,职位,邮箱\n伪造部,伪造,伪造,forged@csrf.example\n"
                                            .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                            : b.postFormMulti(url(path), new String[][] { { "csrf-token", forged }, { "days", "5" },
                                    { "name", "伪造" }, { "email", "forged@csrf.example" }, { "role", "finance" },
                                    { "poolSize", "3" },
                                    { "title", "伪造的配送单" }, { "status", "pending" }, { "when", "2026-12-03T09:30" } });
            assertEquals(403, answer.statusCode(), form + " accepted a planted token");
        }
        given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + tenant.id()).then().body("state", equalTo("ACTIVE"))
                .body("accounts.size()", equalTo(2));
        given().auth().oauth2(tenant.prospectToken("boss")).get("/api/portal/records?type=delivery_order&size=200").then()
                .body("items.findAll { it.origin == 'prospect' }.size()", equalTo(0));
        given().auth().oauth2(Tokens.admin()).get("/api/templates/logistics").then().body("publishedVersion",
                org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aProspectOpeningTheConsoleSeesAForbiddenPageWithAWayBack() {
        String[] login = Tenants.logistics("错误页物流").login("boss");
        var browser = new BrowserSession();
        browser.login(url("/portal"), login[0], login[1]);
        var page = browser.get(url("/console"));
        assertEquals(403, page.statusCode());
        assertErrorPage(page.body(), "您没有权限打开这个页面");
        var english = browser.get(url("/console?lang=en"));
        assertTrue(english.body().contains("<html lang=\"en\">") && english.body().contains("You may not open this page"),
                english.body());
    }

    @Test
    void missingPagesArePagesAndTheApiStaysProblemJson() {
        var browser = new BrowserSession();
        browser.login(url("/console"), "presales", "presales");
        var tenant = browser.get(url("/console/tenants/" + UUID.randomUUID()));
        assertEquals(404, tenant.statusCode());
        assertErrorPage(tenant.body(), "这里什么也没有");
        var nowhere = browser.get(url("/no-such-page"));
        assertEquals(404, nowhere.statusCode());
        assertErrorPage(nowhere.body(), "这里什么也没有");

        given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }

    private static void assertErrorPage(String html, String title) {
        assertTrue(html.contains("<html lang=\"zh-CN\">"), "the page says its language: " + html);
        assertTrue(html.contains("<title>" + title), "a title: " + html);
        assertTrue(html.contains("href=\"/\""), "a way back home");
        assertTrue(html.contains("history.back()"), "a way back to where the person came from");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
