package io.modelhouse.portal;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Working with records in the portal, through the real login: a list with search, status, days,
 * order and pages; one record; forms that create and edit, checked at the field; each change a
 * usage event; and nothing of another tenant reachable by its id.
 */
@QuarkusTest
class RecordsPageTest {

    @TestHTTPResource("/portal")
    URL portal;

    private String records(String type) {
        return portal + "/records/" + type;
    }

    private BrowserSession loggedIn(Tenants.Made made) {
        String[] login = made.login("boss");
        var browser = new BrowserSession();
        assertEquals(200, browser.login(portal.toString(), login[0], login[1]).statusCode());
        return browser;
    }

    private static int rows(String html) {
        Matcher m = Pattern.compile("<tbody>(.*?)</tbody>", Pattern.DOTALL).matcher(html);
        return m.find() ? m.group(1).split("<tr>", -1).length - 1 : 0;
    }

    private static String text(String html) {
        return html.replaceAll("(?s)<style.*?</style>", "").replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
    }

    @Test
    void aProspectCreatesARecordFixingWhatTheFormSaysThenFindsAndEditsIt() {
        var made = Tenants.logistics("记录新建");
        var browser = loggedIn(made);
        String form = browser.get(records("delivery_order") + "/new").body();
        assertTrue(form.contains("新建配送单") && form.contains("name=\"f.pieces\"") && form.contains("<datalist"), text(form));
        String csrf = browser.formField(form, "csrf-token");

        Map<String, String> fields = new HashMap<>();
        fields.put("csrf-token", csrf);
        fields.put("title", "");
        fields.put("status", "pending");
        // weeks ahead of every template record, so that it is among the newest whatever the day: the
        // template has 1,800 delivery orders around today and the API gives at most 200
        String when = java.time.LocalDate.now().plusDays(60) + "T09:30";
        fields.put("when", when);
        fields.put("f.customer", "盒马鲜生(徐汇店)");
        fields.put("f.pieces", "十二");
        fields.put("f.amount", "88.505");
        var refused = browser.postForm(records("delivery_order"), fields);
        assertEquals(422, refused.statusCode());
        String body = refused.body();
        assertTrue(body.contains("请填写此项") && body.contains("请输入整数") && body.contains("最多两位小数"), text(body));
        assertTrue(body.contains("value=\"十二\"") && body.contains("value=\"盒马鲜生(徐汇店)\""), "what was typed is kept");

        fields.put("title", "盒马鲜生(徐汇店) · 记录测试冷链");
        fields.put("f.pieces", "12");
        fields.put("f.amount", "88.50");
        var created = browser.postForm(records("delivery_order"), fields);
        assertEquals(200, created.statusCode(), text(created.body()));
        assertTrue(created.uri().toString().contains("saved=created"), created.uri().toString());
        String detail = created.body();
        assertTrue(detail.contains("记录测试冷链") && detail.contains("88.50") && detail.contains("由贵司成员添加")
                && detail.contains("待调度"), text(detail));
        String ref = text(detail).replaceAll(".*(PS-\\d{6}).*", "$1");
        assertTrue(ref.matches("PS-\\d{6}"), ref);
        String recordUrl = created.uri().toString().replaceAll("\\?.*", "");

        String found = browser.get(records("delivery_order") + "?q=记录测试").body();
        assertEquals(1, rows(found), text(found));
        assertTrue(found.contains(ref));

        String edit = browser.get(recordUrl + "/edit").body();
        assertTrue(edit.contains("value=\"12\"") && edit.contains("value=\"" + when + "\""), text(edit));
        fields.put("csrf-token", browser.formField(edit, "csrf-token"));
        fields.put("status", "dispatched");
        fields.put("f.pieces", "20");
        var edited = browser.postForm(recordUrl, fields);
        assertEquals(200, edited.statusCode(), text(edited.body()));
        assertTrue(edited.body().contains("已派车") && edited.body().contains(ref + " 已保存"), text(edited.body()));
        String english = browser.get(recordUrl + "?lang=en").body();
        assertTrue(english.contains("Added by your team") && english.contains("Dispatched"), text(english));

        var api = given().auth().oauth2(made.prospectToken("boss")).get("/api/portal/records?type=delivery_order&size=200")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> mine = api.getList("items.findAll { it.origin == 'prospect' }");
        assertEquals(1, mine.size(), "one prospect-made row: " + mine);
        assertEquals(ref, mine.get(0).get("ref"));

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var events = given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + made.id() + "/events?size=100").then()
                    .statusCode(200).extract().jsonPath();
            assertEquals(List.of(ref), events.getList("items.findAll { it.type == 'record_created' }.target"));
            assertEquals(List.of(ref), events.getList("items.findAll { it.type == 'record_updated' }.target"));
            assertEquals(List.of("records.delivery_order"),
                    events.getList("items.findAll { it.type == 'record_created' }.feature"));
        });
    }

    @Test
    void theListSearchesFiltersOrdersAndPages() {
        var made = Tenants.logistics("记录列表");
        var browser = loggedIn(made);
        String first = browser.get(records("delivery_order")).body();
        assertEquals(25, rows(first));
        assertTrue(first.contains("第 1–25 条") && first.contains("rel=\"next\""), text(first));
        String second = browser.get(records("delivery_order") + "?page=2").body();
        assertEquals(25, rows(second));
        assertTrue(second.contains("第 26–50 条") && second.contains("rel=\"prev\""));
        assertNotEquals(first.replaceAll("(?s).*<tbody>", ""), second.replaceAll("(?s).*<tbody>", ""));

        String exceptions = browser.get(records("delivery_order") + "?status=exception").body();
        assertTrue(rows(exceptions) > 0);
        String tbody = text(exceptions.replaceAll("(?s).*<tbody>(.*?)</tbody>.*", "$1"));
        for (String other : List.of("待调度", "已派车", "配送中", "已签收", "已取消")) {
            assertFalse(tbody.contains(other), "only exceptions: " + tbody);
        }
        assertTrue(exceptions.contains("清除条件"), "a filtered list offers to clear it");

        String oldest = browser.get(records("delivery_order") + "?sort=oldest").body();
        assertNotEquals(first.replaceAll("(?s).*<tbody>", ""), oldest.replaceAll("(?s).*<tbody>", ""));
        String future = browser.get(records("delivery_order") + "?from=2099-01-01").body();
        assertEquals(0, rows(future));
        assertTrue(future.contains("没有符合条件的记录"), "an empty list says why and what to do");
        String nothing = browser.get(records("delivery_order") + "?q=" + java.net.URLEncoder.encode("不存在的%_",
                java.nio.charset.StandardCharsets.UTF_8)).body();
        assertEquals(0, rows(nothing), "% and _ are searched for, not wildcards");
        assertEquals(200, browser.get(records("delivery_order") + "?from=tomorrow&page=x").statusCode(),
                "a hand-edited address still shows a list");
    }

    @Test
    void anotherTenantsRecordIsNotFoundOnAnyPageOrForm() {
        var mine = Tenants.logistics("记录本家");
        var theirs = Tenants.logistics("记录别家");
        String theirId = given().auth().oauth2(theirs.prospectToken("boss")).get("/api/portal/records?type=delivery_order")
                .then().statusCode(200).extract().jsonPath().getString("items[0].id");
        String theirTitle = given().auth().oauth2(theirs.prospectToken("boss"))
                .get("/api/portal/records?type=delivery_order").then().extract().jsonPath().getString("items[0].title");
        var browser = loggedIn(mine);

        var detail = browser.get(records("delivery_order") + "/" + theirId);
        assertEquals(404, detail.statusCode());
        assertFalse(detail.body().contains(theirTitle));
        assertEquals(404, browser.get(records("delivery_order") + "/" + theirId + "/edit").statusCode());
        String csrf = browser.formField(browser.get(records("delivery_order") + "/new").body(), "csrf-token");
        var post = browser.postForm(records("delivery_order") + "/" + theirId, Map.of("csrf-token", csrf, "title", "改掉",
                "status", "pending", "when", "2026-12-03T09:30"));
        assertEquals(404, post.statusCode());
        String after = given().auth().oauth2(theirs.prospectToken("boss")).get("/api/portal/records?type=delivery_order")
                .then().extract().jsonPath().getString("items.find { it.id == '" + theirId + "' }.title");
        assertEquals(theirTitle, after, "their record is unchanged");

        assertEquals(404, browser.get(records("vehicle") + "/" + theirId).statusCode(), "another type's address");
        assertEquals(404, browser.get(records("delivery_order") + "/not-a-uuid").statusCode());
        assertEquals(404, browser.get(records("no_such_type")).statusCode());
    }
}
