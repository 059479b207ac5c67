package io.modelhouse.portal;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.LocalStackResource;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The trial's asks from the portal: "request an extension" and "talk to sales" are checked at the
 * field, kept for the console, mailed to the tenant's owner, recorded as usage, and the prospect
 * is told they were received.
 */
@QuarkusTest
class TrialAsksTest {

    @TestHTTPResource("/")
    URL root;

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    private static List<String[]> mails(String tenant) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + LocalStackResource.DB_PORT
                + "/modelhouse", "modelhouse_owner", "modelhouse-owner");
                var st = c.prepareStatement("SELECT to_address, subject, body_text FROM mail_outbox WHERE tenant_id = ?"
                        + " AND kind = 'trial-ask' ORDER BY id")) {
            st.setObject(1, UUID.fromString(tenant));
            var rs = st.executeQuery();
            List<String[]> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new String[] { rs.getString(1), rs.getString(2), rs.getString(3) });
            }
            return out;
        }
    }

    @Test
    void aProspectAsksForMoreDaysAndACallAndPreSalesHearOfBoth() throws Exception {
        String company = "延期申请物流 " + UUID.randomUUID().toString().substring(0, 6);
        Map<String, Object> request = new HashMap<>(Tenants.request(company,
                Tenants.contact("王磊", "wanglei." + UUID.randomUUID().toString().substring(0, 8) + "@prospect.example",
                        "boss")));
        request.put("ownerEmail", "owner.asks@modelhouse.example");
        var body = given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON).body(request).post("/api/tenants")
                .then().statusCode(201).extract().jsonPath();
        var made = new Tenants.Made(body.getString("id"), company, body);
        String[] login = made.login("boss");
        var browser = new BrowserSession();
        String portal = browser.login(url("/portal"), login[0], login[1]).body();
        assertTrue(portal.contains("id=\"ask-extension\"") && portal.contains("申请延期"), "the asks are on the page");

        String csrf = browser.formField(portal, "csrf-token");
        var refused = browser.postForm(url("/portal/asks/extension"), Map.of("csrf-token", csrf, "days", "90", "why",
                "x".repeat(501)));
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("请选择 1 到 30 天") && refused.body().contains("最多 500 个字"), "errors at the fields");
        assertEquals(0, mails(made.id()).size(), "nothing sent for a refused ask");

        var asked = browser.postForm(url("/portal/asks/extension"), Map.of("csrf-token", csrf, "days", "14", "why",
                "财务总监下周才回来，需要她看一下对账单"));
        assertEquals(200, asked.statusCode());
        assertTrue(asked.body().contains("已收到您的延期申请"), "the prospect sees it was received");
        var contact = browser.postForm(url("/portal/asks/contact"), Map.of("csrf-token", csrf, "message", "想了解私有化部署的报价"));
        assertTrue(contact.body().contains("已收到您的请求"));

        List<String[]> sent = mails(made.id());
        assertEquals(2, sent.size());
        assertEquals("owner.asks@modelhouse.example", sent.get(0)[0], "to the tenant's owner");
        assertTrue(sent.get(0)[1].contains("申请延期 14 天") && sent.get(0)[2].contains("财务总监下周才回来"), sent.get(0)[2]);
        assertTrue(sent.get(1)[1].contains("希望与销售沟通") && sent.get(1)[2].contains("私有化部署"), sent.get(1)[2]);

        var staff = new BrowserSession();
        String console = staff.login(url("/console/tenants/" + made.id()), "presales", "presales").body();
        assertTrue(console.contains("申请延期 14 天") && console.contains("希望联系销售") && console.contains("私有化部署"),
                "the console lists both asks");

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var events = given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + made.id() + "/events?size=100").then()
                    .statusCode(200).extract().jsonPath();
            assertEquals(List.of("14"), events.getList("items.findAll { it.type == 'extension_requested' }.target"));
            assertEquals(1, events.getList("items.findAll { it.type == 'contact_requested' }").size());
        });

        given().auth().oauth2(Tokens.presales()).delete("/api/tenants/" + made.id()).then().statusCode(200);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + LocalStackResource.DB_PORT
                + "/modelhouse", "modelhouse_owner", "modelhouse-owner");
                var st = c.prepareStatement("SELECT count(*) FROM trial_ask WHERE tenant_id = ?")) {
            st.setObject(1, UUID.fromString(made.id()));
            var rs = st.executeQuery();
            rs.next();
            assertEquals(0, rs.getLong(1), "a purge deletes what the prospect wrote");
        }
    }
}
