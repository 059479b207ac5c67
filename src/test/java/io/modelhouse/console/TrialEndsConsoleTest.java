package io.modelhouse.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Both ends of a trial in the console, as pre-sales click them: the list of self-service requests
 * and a decision on one; converting a tenant, its export, and a move-in whose broken CSV is shown
 * on the page by line and changes nothing.
 */
@QuarkusTest
class TrialEndsConsoleTest {

    @TestHTTPResource("/")
    URL root;

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    @Test
    void preSalesSeeARequestWaitingForReviewAndRefuseIt() {
        String s = UUID.randomUUID().toString().substring(0, 8);
        String email = "li" + s + "@163.com";
        Map<String, Object> body = new HashMap<>();
        body.put("company", "待审核公司" + s);
        body.put("name", "李想");
        body.put("email", email);
        body.put("templateKey", "logistics");
        given().header("X-Forwarded-For", "10.200." + (s.charAt(0) % 200) + ".7").contentType(ContentType.JSON).body(body)
                .post("/api/trial-requests").then().statusCode(202);
        String link = io.modelhouse.testsupport.Mails.verificationLink(email);
        assertTrue(new BrowserSession().verify(link).body().contains("正在准备中"));

        var staff = new BrowserSession();
        String page = staff.login(url("/console/requests?state=review"), "presales", "presales").body();
        Matcher row = Pattern.compile("(?s)<tr id=\"request-([0-9a-f-]+)\" data-state=\"review\">(.*?)</tr>").matcher(page);
        String id = null;
        while (row.find()) {
            if (row.group(2).contains(email)) {
                id = row.group(1);
                assertTrue(row.group(2).contains("个人邮箱") && row.group(2).contains("开通"), row.group(2));
            }
        }
        assertTrue(id != null, "the request is listed: " + page);
        var refused = staff.postForm(url("/console/requests/" + id + "/refuse"),
                Map.of("csrf-token", staff.formField(page, "csrf-token")));
        assertEquals(200, refused.statusCode());
        assertTrue(refused.body().contains("已拒绝。"), refused.body());
        given().auth().oauth2(Tokens.presales()).get("/api/trial-requests?state=refused").then().statusCode(200)
                .body("email", org.hamcrest.Matchers.hasItem(email));
    }

    @Test
    void aTenantIsConvertedExportedAndAMoveInWithABrokenCsvIsRefusedOnThePage() throws Exception {
        var made = Tenants.logistics("控制台转化");
        var staff = new BrowserSession();
        String page = staff.login(url("/console/tenants/" + made.id()), "presales", "presales").body();
        assertTrue(page.contains("id=\"convert\"") && page.contains("id=\"export\""), "convert and export offered");
        var converted = staff.postForm(url("/console/tenants/" + made.id() + "/convert"),
                Map.of("csrf-token", staff.formField(page, "csrf-token")));
        assertTrue(converted.body().contains("已转为正式客户") && converted.body().contains("id=\"move-in\""),
                "converted, and move-in offered");

        var zip = staff.get(url("/console/tenants/" + made.id() + "/export.zip"));
        assertEquals(200, zip.statusCode());
        assertTrue(zip.headers().firstValue("content-type").orElse("").startsWith("application/zip"));

        String csv = "部门,姓名,职位,邮箱\n销售部,王磊,经理,wl@customer.example\n财务部,孙丽,会计,no-mail\n";
        String boundary = "----mh" + UUID.randomUUID();
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf-token\"\r\n\r\n"
                + staff.formField(converted.body(), "csrf-token") + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"orgChart\"; filename=\"org.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                + csv + "\r\n--" + boundary + "--\r\n";
        String target = url("/console/tenants/" + made.id() + "/move-in");
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(target))
                .header("Cookie", staff.cookieHeader(target)).header("Accept", "text/html")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(multipart, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("第 3 行") && refused.body().contains("no-mail"), refused.body());
        given().auth().oauth2(made.prospectToken("boss")).get("/api/portal/records?type=delivery_order").then()
                .statusCode(200).body("items.size()", org.hamcrest.Matchers.greaterThan(0));
    }
}
