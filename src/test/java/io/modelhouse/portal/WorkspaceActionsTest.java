package io.modelhouse.portal;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
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
 * The workspace is something a prospect works in: messages, approvals, tasks, announcements and
 * integrations each take an action, record its usage event, tick the scenario step it completes;
 * and never touch another tenant's rows.
 */
@QuarkusTest
class WorkspaceActionsTest {

    @TestHTTPResource("/")
    URL root;

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    /** The part of a page inside the workspace entry with this anchor. */
    static String entry(String html, String anchor) {
        int start = html.indexOf("id=\"" + anchor + "\"");
        assertTrue(start >= 0, "no entry " + anchor);
        int end = html.indexOf("<div class=\"entry\"", start + 1);
        return html.substring(start, end < 0 ? html.length() : end);
    }

    static List<String> all(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static List<Map<String, Object>> events(String tenant) {
        return given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + tenant + "/events?size=200").then()
                .statusCode(200).extract().jsonPath().getList("items");
    }

    private static boolean has(List<Map<String, Object>> events, String type, String feature, String target) {
        return events.stream().anyMatch(e -> type.equals(e.get("type")) && (feature == null || feature.equals(e.get("feature")))
                && (target == null || target.equals(e.get("target"))));
    }

    private Map<String, String> form(String csrf, String... kv) {
        Map<String, String> f = new HashMap<>();
        f.put("csrf-token", csrf);
        for (int i = 0; i < kv.length; i += 2) {
            f.put(kv[i], kv[i + 1]);
        }
        return f;
    }

    @Test
    void theBossWorksThroughAScenarioByDoingItAndItTicksItself() {
        var made = Tenants.logistics("工作台");
        String[] login = made.login("boss");
        var browser = new BrowserSession();
        String home = browser.login(url("/portal"), login[0], login[1]).body();
        assertTrue(home.contains("id=\"scenario-boss-approve-anywhere\" data-done=\"0\" data-total=\"5\""),
                "the boss's scenario, nothing done yet");
        String csrf = browser.formField(home, "csrf-token");

        // a message in a channel
        var refused = browser.postForm(url("/portal/channels/management/messages"), form(csrf, "text", "  "));
        assertTrue(refused.body().contains("请先写点内容"), "an empty message is refused at its form");
        var posted = browser.postForm(url("/portal/channels/management/messages"), form(csrf, "text", "本周回款请财务周五前汇总"));
        assertEquals(200, posted.statusCode());
        assertTrue(entry(posted.body(), "channel-management").contains("本周回款请财务周五前汇总"), "the message is in its channel");

        // approvals: two flows the boss signs in; the flow waits for the other roles still
        String approvals = browser.get(url("/portal?view=approvals")).body();
        String repair = all(entry(approvals, "flow-vehicle-repair"), "/portal/approvals/requests/([0-9a-f-]{36})/decision")
                .get(0);
        var decided = browser.postForm(url("/portal/approvals/requests/" + repair + "/decision"),
                form(csrf, "decision", "approve", "comment", "同意更换，注意保留旧件"));
        assertTrue(decided.body().contains("审批意见已提交"));
        String after = entry(decided.body(), "flow-vehicle-repair");
        assertTrue(after.contains("王磊 同意「同意更换，注意保留旧件」"), "the decision and its comment are shown");
        assertTrue(after.contains("待审批：调度") || after.contains("待审批：财务"), "still waiting for the others: " + after);
        assertFalse(after.contains("/portal/approvals/requests/" + repair + "/decision"), "the boss has signed this one");
        var again = browser.postForm(url("/portal/approvals/requests/" + repair + "/decision"),
                form(csrf, "decision", "approve", "comment", ""));
        assertTrue(again.body().contains("这条申请现在不需要你的角色审批"), "deciding twice is refused");
        String credit = all(entry(again.body(), "flow-credit-terms"), "/portal/approvals/requests/([0-9a-f-]{36})/decision")
                .get(0);
        browser.postForm(url("/portal/approvals/requests/" + credit + "/decision"), form(csrf, "decision", "approve"));
        String expense = all(entry(browser.get(url("/portal?view=approvals")).body(), "flow-expense"),
                "/portal/approvals/requests/([0-9a-f-]{36})/decision").get(0);
        var rejected = browser.postForm(url("/portal/approvals/requests/" + expense + "/decision"),
                form(csrf, "decision", "reject", "comment", "押金请走合同流程"));
        assertTrue(entry(rejected.body(), "item-" + expense).contains("已驳回"), "a rejection ends the request");
        var started = browser.postForm(url("/portal/approvals/expense/requests"),
                form(csrf, "title", "节前慰问品采购", "amount", "3600"));
        assertTrue(entry(started.body(), "flow-expense").contains("节前慰问品采购"), "a new request in its flow");
        assertTrue(browser.postForm(url("/portal/approvals/expense/requests"), form(csrf, "title", "x", "amount", "-5")).body()
                .contains("金额为 0 到 1 亿元之间"), "a negative amount is refused");

        // an announcement read
        String board = browser.get(url("/portal?view=announcements")).body();
        String announcement = all(board, "/portal/announcements/([0-9a-f-]{36})/read").get(0);
        var read = browser.postForm(url("/portal/announcements/" + announcement + "/read"), form(csrf));
        assertFalse(read.body().contains("/portal/announcements/" + announcement + "/read"), "read: no button any more");

        // a task: create, reassign, complete
        String due = LocalDate.now().plusDays(2).toString();
        var task = browser.postForm(url("/portal/tasks"), form(csrf, "title", "联系租车公司确认 3 台冷藏车", "role", "dispatcher",
                "due", due));
        assertTrue(task.body().contains("任务已创建") && task.body().contains("联系租车公司确认 3 台冷藏车"));
        assertTrue(browser.postForm(url("/portal/tasks"), form(csrf, "title", "无效", "role", "nobody", "due", due)).body()
                .contains("请填写任务内容"), "an unknown role is refused");
        String taskId = all(task.body(), "id=\"item-([0-9a-f-]{36})\"[^>]*>\\s*<div><b>联系租车公司确认").get(0);
        browser.postForm(url("/portal/tasks/" + taskId + "/assignee"), form(csrf, "role", "finance"));
        var done = browser.postForm(url("/portal/tasks/" + taskId + "/done"), form(csrf));
        assertTrue(entry(done.body(), "item-" + taskId).contains("已完成"), "the task is done");

        // the scenario ticked itself, step by step, and finishing it is an event
        String now = browser.get(url("/portal")).body();
        assertTrue(now.contains("id=\"scenario-boss-approve-anywhere\" data-done=\"5\" data-total=\"5\""),
                "all five steps done by doing them");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var ev = events(made.id());
            assertTrue(has(ev, "message_posted", "channels.management", null));
            assertTrue(has(ev, "approval_decided", "approvals.vehicle-repair", "approved"));
            assertTrue(has(ev, "approval_decided", "approvals.expense", "rejected"));
            assertTrue(has(ev, "approval_started", "approvals.expense", null));
            assertTrue(has(ev, "announcement_read", "announcements", announcement));
            assertTrue(has(ev, "task_created", "tasks", "dispatcher"));
            assertTrue(has(ev, "task_assigned", "tasks", "finance"));
            assertTrue(has(ev, "task_done", "tasks", null));
            assertTrue(has(ev, "scenario_step_done", "scenarios", "boss-approve-anywhere#1"));
            assertTrue(has(ev, "scenario_done", "scenarios", "boss-approve-anywhere"));
            assertEquals(1, ev.stream().filter(e -> "scenario_done".equals(e.get("type"))).count(), "finished once");
        });

        // progress is the person's own: the dispatcher has done none of it
        String[] other = made.login("dispatcher");
        String theirs = new BrowserSession().login(url("/portal"), other[0], other[1]).body();
        assertTrue(theirs.contains("id=\"scenario-exception-closure\" data-done=\"0\""), "per person");
        assertFalse(theirs.contains("scenario-boss-approve-anywhere"), "only their role's scenarios");
    }

    @Test
    void aBrokenIntegrationFailsItsTestUntilItsSettingIsFixed() {
        var made = Tenants.logistics("集成测试");
        String[] login = made.login("dispatcher");
        var browser = new BrowserSession();
        String csrf = browser.formField(browser.login(url("/portal?view=integrations"), login[0], login[1]).body(),
                "csrf-token");
        var failed = browser.postForm(url("/portal/integrations/einvoice/test"), form(csrf));
        String einvoice = entry(failed.body(), "integration-einvoice");
        assertTrue(einvoice.contains("连接测试失败") && einvoice.contains("税务数字证书已过期"), einvoice);
        assertTrue(einvoice.contains("连接失败"), "the integration shows as failing");

        var bad = browser.postForm(url("/portal/integrations/einvoice/settings"), form(csrf, "s.certificate", ""));
        assertTrue(bad.body().contains("每项设置都要填写"), "an empty setting is refused");
        String settingsForm = entry(bad.body(), "integration-einvoice");
        Map<String, String> fields = form(csrf);
        for (String name : all(settingsForm, "name=\"(s\\.[A-Za-z]+)\"")) {
            fields.put(name, browser.formField(settingsForm, name));
        }
        fields.put("s.certificate", "SM2-2026-0412");
        browser.postForm(url("/portal/integrations/einvoice/settings"), fields);
        var passed = browser.postForm(url("/portal/integrations/einvoice/test"), form(csrf));
        String fixed = entry(passed.body(), "integration-einvoice");
        Matcher ms = Pattern.compile("连接测试通过：HTTP 200，用时 (\\d+) ms").matcher(fixed);
        assertTrue(ms.find(), fixed);
        assertTrue(Integer.parseInt(ms.group(1)) >= 20, "the latency is the measured round trip");
        assertTrue(fixed.contains("SM2-2026-0412"), "the new setting is kept");
        var english = browser.get(url("/portal?view=integrations&lang=en")).body();
        assertTrue(entry(english, "integration-einvoice").contains("Connection test passed"), "the log in English too");

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var ev = events(made.id());
            assertTrue(has(ev, "integration_tested", "integrations.einvoice", "failed"));
            assertTrue(has(ev, "integration_configured", "integrations.einvoice", null));
            assertTrue(has(ev, "integration_tested", "integrations.einvoice", "ok"));
        });
    }

    @Test
    void theHelpCenterShowsTheRolesDocumentsAndRendersThemSafely() {
        var made = Tenants.logistics("帮助中心");
        String[] login = made.login("dispatcher");
        var browser = new BrowserSession();
        String help = browser.login(url("/portal/help"), login[0], login[1]).body();
        String mine = help.substring(help.indexOf("id=\"help-mine\""), help.indexOf("id=\"help-more\""));
        assertTrue(mine.contains("/portal/help/manual-dispatcher"), "the role's manual is among theirs");
        assertFalse(help.contains("/portal/help/manual-boss"), "another role's manual is not listed");
        assertFalse(help.contains("/portal/help/pricing-2026"), "bidding papers are for later stages");

        var doc = browser.get(url("/portal/help/manual-dispatcher"));
        assertEquals(200, doc.statusCode());
        assertTrue(doc.body().contains("<h2>"), "Markdown is rendered");
        assertEquals(404, browser.get(url("/portal/help/manual-boss")).statusCode(), "not this role's");
        assertEquals(404, browser.get(url("/portal/help/no-such-doc")).statusCode());
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertTrue(has(events(made.id()), "doc_opened", "knowledge", "manual-dispatcher")));
    }

    @Test
    void anotherTenantsItemsAreNotFoundInAnyAction() {
        var mine = Tenants.logistics("动作隔离甲");
        var theirs = Tenants.logistics("动作隔离乙");
        var them = new BrowserSession();
        String[] theirLogin = theirs.login("boss");
        them.login(url("/portal"), theirLogin[0], theirLogin[1]);
        String request = all(them.get(url("/portal?view=approvals")).body(),
                "/portal/approvals/requests/([0-9a-f-]{36})/decision").get(0);
        String task = all(them.get(url("/portal?view=tasks")).body(), "/portal/tasks/([0-9a-f-]{36})/done").get(0);
        String announcement = all(them.get(url("/portal?view=announcements")).body(),
                "/portal/announcements/([0-9a-f-]{36})/read").get(0);

        var me = new BrowserSession();
        String[] login = mine.login("boss");
        String csrf = me.formField(me.login(url("/portal"), login[0], login[1]).body(), "csrf-token");
        assertEquals(404, me.postForm(url("/portal/approvals/requests/" + request + "/decision"),
                form(csrf, "decision", "approve")).statusCode());
        assertEquals(404, me.postForm(url("/portal/tasks/" + task + "/done"), form(csrf)).statusCode());
        assertEquals(404, me.postForm(url("/portal/tasks/" + task + "/assignee"), form(csrf, "role", "finance")).statusCode());
        assertEquals(404, me.postForm(url("/portal/announcements/" + announcement + "/read"), form(csrf)).statusCode());
        assertEquals(404, me.postForm(url("/portal/channels/no-such-channel/messages"), form(csrf, "text", "hi")).statusCode());
        assertEquals(404, me.postForm(url("/portal/integrations/no-such/test"), form(csrf)).statusCode());
        assertEquals(404, me.postForm(url("/portal/tasks/not-a-uuid/done"), form(csrf)).statusCode());

        // and theirs is untouched
        String still = them.get(url("/portal?view=tasks")).body();
        assertTrue(still.contains("/portal/tasks/" + task + "/done"), "their task is still open");
    }
}
