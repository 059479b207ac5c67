package io.modelhouse.portal;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.modelhouse.testsupport.HeadlessChromium;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The model house in a real browser (headless Debian Chromium): two people of different roles log
 * in through Keycloak's identity-first pages and do their work by clicking: the owner creates and
 * edits a record, decides an approval (a step of their scenario ticks), switches language; IT
 * tests the broken integration, fixes its setting and tests again (three steps of theirs tick).
 * Every action's usage event is asserted through the events API; every page visited has every
 * form control labelled; screenshots go to target/screenshots/.
 */
@QuarkusTest
class PortalBrowserTest {

    @jakarta.inject.Inject
    io.modelhouse.followup.SignalService signals;

    @TestHTTPResource("/")
    URL root;

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    private static List<Map<String, Object>> events(String tenant) {
        return given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + tenant + "/events?size=200").then()
                .statusCode(200).extract().jsonPath().getList("items");
    }

    private static boolean has(List<Map<String, Object>> events, String type, String feature, String target) {
        return events.stream().anyMatch(e -> type.equals(e.get("type")) && feature.equals(e.get("feature"))
                && (target == null || target.equals(e.get("target"))));
    }

    private static void labelled(HeadlessChromium b, String page) {
        assertEquals(List.of(), b.unlabelledControls(), "unlabelled form controls on " + page);
    }

    private static Tenants.Made tenant() {
        String company = "浏览器测试物流 " + UUID.randomUUID().toString().substring(0, 6);
        String slug = UUID.randomUUID().toString().substring(0, 8);
        var body = given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                .body(Tenants.request(company, Tenants.contact("王磊", "wanglei." + slug + "@prospect.example", "boss"),
                        Tenants.contact("周杰", "zhoujie." + slug + "@prospect.example", "it")))
                .post("/api/tenants").then().statusCode(201).extract().jsonPath();
        return new Tenants.Made(body.getString("id"), company, body);
    }

    @Test
    void twoRolesDoTheirScenarioStepsByClicking() {
        var made = tenant();
        try (HeadlessChromium b = HeadlessChromium.start("zh-CN")) {
            String[] boss = made.login("boss");
            b.login(url("/portal"), boss[0], boss[1]);
            b.waitFor("#scenario-panel");
            assertTrue(b.text("#company").contains(made.company()));
            labelled(b, "the dashboard");
            b.screenshot("01-dashboard-zh-1280");

            // create a record through its form, then edit it
            b.find("#new-record").click();
            b.find("#record-form input[name=title]").sendKeys("盒马鲜生(徐汇店) · 浏览器建的单");
            b.find("#record-form input[name='f.customer']").sendKeys("盒马鲜生(徐汇店)");
            b.find("#record-form input[name='f.pieces']").sendKeys("12");
            b.find("#record-form input[name='f.amount']").sendKeys("86.50");
            labelled(b, "the new-record form");
            b.screenshot("02-record-new");
            b.find("#record-form button[type=submit]").click();
            b.waitFor("#edit-record");
            assertTrue(b.driver.getPageSource().contains("浏览器建的单"));
            b.find("#edit-record").click();
            WebElement pieces = b.find("#record-form input[name='f.pieces']");
            pieces.clear();
            pieces.sendKeys("20");
            b.find("#record-form button[type=submit]").click();
            b.waitFor("#edit-record");
            b.screenshot("03-record-edited");

            // decide an approval: the compressor replacement, a step of the owner's scenario
            b.open(url("/portal?view=approvals"));
            labelled(b, "the approvals");
            WebElement request = b.find("#flow-vehicle-repair form.decide");
            request.findElement(By.name("comment")).sendKeys("同意更换，旧件退回仓库");
            request.findElement(By.cssSelector("button[value=approve]")).click();
            b.waitFor("#work-flash");
            assertTrue(b.text("#flow-vehicle-repair").contains("同意更换，旧件退回仓库"));
            b.screenshot("04-approval-decided");
            b.open(url("/portal"));
            String step = b.text("#scenario-boss-approve-anywhere");
            assertTrue(step.contains("已完成 1/5") && step.contains("✓"), step);

            // the other pages a prospect works on: every control labelled there too
            b.open(url("/portal/records/delivery_order?status=pending"));
            labelled(b, "the record list");
            b.open(url("/portal?view=tasks"));
            labelled(b, "the tasks");
            b.find("#new-task summary").click();
            labelled(b, "the new-task form");
            b.screenshot("04b-tasks");
            b.open(url("/portal/help"));
            b.find("#help-mine a.title").click();
            b.waitFor("#doc-body h2");
            b.screenshot("04c-help-document");
            b.open(url("/portal"));

            // switch language
            b.find("a[lang=en]").click();
            b.waitForText("#scenario-panel h2", "Your guided scenarios");
            assertTrue(b.text("#views").contains("Approvals"), b.text("#views"));
            b.screenshot("05-dashboard-en");
            b.width(390);
            b.screenshot("06-dashboard-en-390");
            assertEquals(List.of(), b.overflowing(), "nothing wider than a phone at 390 px");
            b.find("a[lang=zh-CN]").click();
            b.waitForText("#scenario-panel h2", "你的引导场景");
        }

        try (HeadlessChromium b = HeadlessChromium.start("zh-CN")) {
            String[] it = made.login("it");
            b.login(url("/portal?view=integrations"), it[0], it[1]);
            labelled(b, "the integrations");
            b.find("#integration-einvoice form[action$='/test'] button").click();
            b.waitForText("#integration-einvoice", "连接测试失败");
            b.screenshot("07-integration-failed");
            b.find("#integration-einvoice details summary").click();
            WebElement certificate = b.find("#integration-einvoice input[name='s.certificate']");
            certificate.clear();
            certificate.sendKeys("SM2-2026-0412");
            b.find("#integration-einvoice .settings-form button").click();
            b.waitFor("#work-flash");
            b.find("#integration-einvoice form[action$='/test'] button").click();
            b.waitForText("#integration-einvoice", "连接测试通过");
            b.screenshot("08-integration-fixed");
            b.open(url("/portal"));
            String fix = b.text("#scenario-it-fix-einvoice");
            assertTrue(fix.contains("已完成 3/4"), fix);
            b.width(390);
            b.screenshot("09-it-dashboard-390");
        }

        // pre-sales see what the two did: the engagement card and its signals on the tenant's console page
        Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(10))
                .until(() -> {
                    // the actions may have had them evaluated already (SignalTriggers); this makes sure, and reads what is true
                    signals.evaluate(UUID.fromString(made.id()));
                    return signals.active(UUID.fromString(made.id())).stream()
                            .anyMatch(s -> s.signal().equals("integration_tested"));
                });
        try (HeadlessChromium b = HeadlessChromium.start("zh-CN")) {
            b.login(url("/console/tenants/" + made.id()), "admin", "admin");
            b.waitFor("#engagement");
            assertTrue(b.text("#signals").contains("经济决策人"), b.text("#signals"));
            labelled(b, "the console's tenant page");
            b.screenshot("10-console-engagement");

            // the follow-up queue, as pre-sales start the day: open it, open a task's tenant, see the timeline, complete the task
            b.open(url("/console?owner=all"));
            String card = "article.task[data-signal='integration_tested']";
            b.waitFor(card);
            labelled(b, "the follow-up queue");
            b.screenshot("11-console-queue");
            String taskId = b.find(card).getAttribute("id");
            b.find(card + " header a").click();
            b.waitFor("#timeline-svg");
            assertTrue(
                    b.driver.findElements(org.openqa.selenium.By.cssSelector("#timeline-svg rect[data-role='it']")).size() > 0,
                    "the IT manager's day on the timeline");
            b.screenshot("12-console-timeline");
            b.open(url("/console?owner=all"));
            b.find("#" + taskId + " input[name=outcome]").sendKeys("约了 IT 经理周五对接口");
            b.find("#" + taskId + " form.complete button").click();
            b.waitFor("#flash");
            assertTrue(b.driver.findElements(org.openqa.selenium.By.id(taskId)).isEmpty(), "done: gone from the open queue");
            assertEquals("all", b.find("#f-owner").getAttribute("value"), "back in the queue as it was filtered");
            b.width(390);
            b.screenshot("13-console-queue-390");
        }

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var ev = events(made.id());
            assertTrue(has(ev, "record_created", "records.delivery_order", null), "record created");
            assertTrue(has(ev, "record_updated", "records.delivery_order", null), "record edited");
            assertTrue(has(ev, "approval_decided", "approvals.vehicle-repair", "approved"), "approval decided");
            assertTrue(has(ev, "integration_tested", "integrations.einvoice", "failed"), "test failed");
            assertTrue(has(ev, "integration_configured", "integrations.einvoice", null), "setting fixed");
            assertTrue(has(ev, "integration_tested", "integrations.einvoice", "ok"), "test passed");
            assertTrue(has(ev, "scenario_step_done", "scenarios", "boss-approve-anywhere#1"), "owner's step");
            assertTrue(has(ev, "scenario_step_done", "scenarios", "it-fix-einvoice#3"), "IT's step");
        });
    }
}
