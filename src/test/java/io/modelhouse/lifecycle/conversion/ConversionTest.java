package io.modelhouse.lifecycle.conversion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.modelhouse.testsupport.WebhookReceiver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The trial's good end through the API: conversion (kept by the clock, logins back, the CRM told),
 * the export of exactly the prospect's rows, and move-in (a broken CSV changes nothing and names
 * its line; a good one replaces the template's people and keeps the configuration).
 */
@QuarkusTest
class ConversionTest {

    @Inject
    ModelhouseClock clock;

    @TestHTTPResource("/portal")
    URL portal;

    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void realTime() {
        clock.use(Clock.systemUTC());
    }

    @Test
    void theExportHoldsExactlyTheRowsTheProspectMadeOrChanged() throws Exception {
        var made = Tenants.logistics("导出测试");
        String[] login = made.login("boss");
        var browser = new BrowserSession();
        assertEquals(200, browser.login(portal.toString(), login[0], login[1]).statusCode());

        // three records of their own
        Set<String> theirs = new HashSet<>();
        for (int i = 1; i <= 3; i++) {
            String form = browser.get(portal + "/records/delivery_order/new").body();
            Map<String, String> fields = new HashMap<>();
            fields.put("csrf-token", browser.formField(form, "csrf-token"));
            fields.put("title", "导出测试单 " + i);
            fields.put("status", "pending");
            fields.put("when", "2026-12-03T09:30");
            fields.put("f.customer", "盒马鲜生(徐汇店)");
            fields.put("f.pieces", String.valueOf(i));
            fields.put("f.amount", "88.50");
            var created = browser.postForm(portal + "/records/delivery_order", fields);
            assertEquals(200, created.statusCode(), created.body());
            theirs.add(created.uri().getPath().replaceAll(".*/", ""));
        }
        // one seed record edited
        var api = given().auth().oauth2(made.prospectToken("boss")).get("/api/portal/records?type=delivery_order&size=200")
                .then().statusCode(200).extract().jsonPath();
        String seedId = api.getString("items.find { it.origin == 'seed' }.id");
        String editUrl = portal + "/records/delivery_order/" + seedId;
        String edit = browser.get(editUrl + "/edit").body();
        Map<String, String> fields = new HashMap<>();
        Matcher inputs = Pattern.compile("name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(edit);
        while (inputs.find()) {
            fields.put(inputs.group(1), inputs.group(2).replace("&amp;", "&"));
        }
        fields.put("status", api.getString("items.find { it.id == '" + seedId + "' }.status"));
        fields.put("title", "样板单据改过了");
        assertEquals(200, browser.postForm(editUrl, fields).statusCode());
        theirs.add(seedId);
        // an integration's setting changed
        String integrations = browser.get(portal + "?view=integrations").body();
        String gps = entry(integrations, "integration-gps");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("csrf-token", browser.formField(integrations, "csrf-token"));
        for (String name : all(gps, "name=\"(s\\.[A-Za-z]+)\"")) {
            settings.put(name, browser.formField(gps, name));
        }
        settings.put("s.devices", "80");
        browser.postForm(portal + "/integrations/gps/settings", settings);

        byte[] zip = given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + made.id() + "/export?origin=prospect")
                .then().statusCode(200).contentType("application/zip").header("Content-Disposition",
                        org.hamcrest.Matchers.containsString(".zip"))
                .extract().asByteArray();
        Map<String, byte[]> files = unzip(zip);
        assertEquals(Set.of("org_unit.csv", "org_unit.json", "member.csv", "member.json", "business_record.csv",
                "business_record.json", "workspace_item.csv", "workspace_item.json", "integrations.json", "manifest.json"),
                files.keySet());

        JsonNode records = json.readTree(files.get("business_record.json"));
        Set<String> exported = new HashSet<>();
        records.forEach(r -> exported.add(r.get("id").asText()));
        assertEquals(theirs, exported, "exactly the three made and the one edited");
        records.forEach(r -> assertTrue(r.get("data").isObject(), "jsonb embedded as JSON"));
        assertFalse(records.get(0).has("tenant_id"));
        List<String[]> csv = csv(files.get("business_record.csv"));
        assertEquals(5, csv.size(), "a header and four rows");
        assertTrue(List.of(csv.get(0)).contains("title") && !List.of(csv.get(0)).contains("tenant_id"));
        assertTrue(csv.stream().anyMatch(r -> List.of(r).contains("样板单据改过了")));

        JsonNode items = json.readTree(files.get("workspace_item.json"));
        assertEquals(1, items.size(), "the configured integration only: " + items);
        JsonNode changed = json.readTree(files.get("integrations.json"));
        assertEquals("gps", changed.get(0).get("item_key").asText());
        assertEquals(80, changed.get(0).get("settings").get("devices").asInt());
        JsonNode members = json.readTree(files.get("member.json"));
        assertEquals(2, members.size(), "the two trial seats, no seed people: " + members);
        assertEquals(0, json.readTree(files.get("org_unit.json")).size());

        JsonNode manifest = json.readTree(files.get("manifest.json"));
        assertEquals(made.id(), manifest.get("tenantId").asText());
        assertEquals(4, manifest.at("/tables/2/rows").asInt());
        assertEquals("business_record", manifest.at("/tables/2/table").asText());

        given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + made.id() + "/export?origin=seed").then()
                .statusCode(422).body("errors[0].path", equalTo("origin"));
        given().auth().oauth2(made.prospectToken("boss")).get("/api/tenants/" + made.id() + "/export").then()
                .statusCode(403);
    }

    @Test
    void aConvertedTrialOutlivesTheClockTellsTheCrmAndMovesIn() throws Exception {
        var made = Tenants.logistics("转化测试");
        String id = made.id();
        String presales = Tokens.presales();
        String good = "部门,姓名,职位,邮箱\n"
                + "销售部/华东区,王磊,区域经理," + made.body().getString("accounts.find { it.role == 'boss' }.email") + "\n"
                + "销售部/华东区,周杰,销售代表,zhoujie@customer.example\n"
                + "财务部,孙丽,会计,sunli@customer.example\n";
        given().auth().oauth2(presales).contentType("text/csv; charset=utf-8").body(good)
                .post("/api/tenants/" + id + "/move-in").then()
                .statusCode(409);

        try (WebhookReceiver crm = WebhookReceiver.start("conversion-secret-0123456789")) {
            String hook = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("url", crm.url(), "secret", "conversion-secret-0123456789", "events",
                            List.of("tenant.converted")))
                    .post("/api/webhooks").then().statusCode(201).extract().path("id");
            try {
                // an expired trial that turns into a deal: logins open again
                given().auth().oauth2(presales).post("/api/tenants/" + id + "/expire").then().statusCode(200);
                given().auth().oauth2(presales).post("/api/tenants/" + id + "/convert").then().statusCode(200)
                        .body("state", equalTo("CONVERTED"));
                given().auth().oauth2(presales).post("/api/tenants/" + id + "/convert").then().statusCode(200)
                        .body("state", equalTo("CONVERTED"));
                given().auth().oauth2(made.prospectToken("boss")).get("/api/portal/me").then().statusCode(200);
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> crm.accepted().stream()
                        .anyMatch(r -> r.event().equals("tenant.converted") && r.body().contains(id)));
                assertEquals(1, crm.accepted().stream().filter(r -> r.body().contains(id)).count(), "told once");
            } finally {
                given().auth().oauth2(Tokens.admin()).delete("/api/webhooks/" + hook);
            }
        }

        // the clock does not end it: past expiry and grace, still converted and open
        clock.use(Clock.offset(Clock.systemUTC(), Duration.ofDays(60)));
        given().auth().oauth2(Tokens.admin()).post("/api/ops/expiry").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).post("/api/ops/purge-expired").then().statusCode(200);
        given().auth().oauth2(presales).get("/api/tenants/" + id).then().body("state", equalTo("CONVERTED"));
        clock.use(Clock.systemUTC());

        String token = made.prospectToken("boss");
        int unitsBefore = given().auth().oauth2(token).get("/api/portal/org-units").then().statusCode(200).extract()
                .jsonPath().getList("$").size();
        String broken = good + "财务部,钱七,出纳,not-a-mail\n";
        given().auth().oauth2(presales).contentType("text/csv; charset=utf-8").body(broken)
                .post("/api/tenants/" + id + "/move-in").then()
                .statusCode(422).body("errors[0].line", equalTo(5)).body("errors[0].file", equalTo("org-chart.csv"))
                .body("errors.size()", equalTo(1));
        assertEquals(unitsBefore, given().auth().oauth2(token).get("/api/portal/org-units").then().extract().jsonPath()
                .getList("$").size(), "nothing changed");

        given().auth().oauth2(presales).contentType("text/csv; charset=utf-8").body(good)
                .post("/api/tenants/" + id + "/move-in").then()
                .statusCode(200).body("units", equalTo(3)).body("people", equalTo(3)).body("seatsMatched", equalTo(1));
        var units = given().auth().oauth2(token).get("/api/portal/org-units").then().statusCode(200).extract().jsonPath();
        assertEquals(4, units.getList("$").size(), "the company and its three units: " + units.prettify());
        assertEquals(0, given().auth().oauth2(token).get("/api/portal/records?type=delivery_order").then().statusCode(200)
                .extract().jsonPath().getList("items").size(), "no seed record left");
        // the configuration stays, and the model house still opens
        String[] login = made.login("boss");
        var browser = new BrowserSession();
        String page = browser.login(portal + "?view=integrations", login[0], login[1]).body();
        assertTrue(page.contains("integration-gps"), "integrations kept");
    }

    private static List<String> all(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            if (!out.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static String entry(String html, String id) {
        int at = html.indexOf("id=\"" + id + "\"");
        assertTrue(at >= 0, id + " on the page");
        int end = html.indexOf("<div class=\"entry\"", at + 1);
        return html.substring(at, end < 0 ? html.length() : end);
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                files.put(e.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    private static List<String[]> csv(byte[] bytes) throws IOException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\uFEFF"), "a byte-order mark for spreadsheet programs");
        CsvMapper m = new CsvMapper();
        m.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        return m.readerFor(String[].class).<String[]> readValues(text.substring(1)).readAll();
    }
}
