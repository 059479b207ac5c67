package io.modelhouse.template;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.Bundles;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The template life over HTTP: validate, import a draft, publish, provision, retire. */
@QuarkusTest
class TemplateApiTest {

    @Test
    void everyBundledTemplateIsPublishedRichEnoughAndProvisions() {
        Map<String, String> roles = Map.of("logistics", "boss", "government", "director", "agri-market", "gm",
                "manufacturing", "ceo");
        long largestPeople = 0;
        for (var e : roles.entrySet()) {
            var detail = given().auth().oauth2(Tokens.presales()).when().get("/api/templates/" + e.getKey())
                    .then().statusCode(200)
                    .body("publishedVersion", notNullValue())
                    .body("roles.key", hasItem(e.getValue()))
                    .body("summary.people", greaterThanOrEqualTo(50))
                    .body("summary.recordTypes", greaterThanOrEqualTo(3))
                    .body("summary.integrations", greaterThanOrEqualTo(3))
                    .body("summary.documents", greaterThanOrEqualTo(7))
                    .body("summary.scenarios", greaterThanOrEqualTo(roles.size()))
                    .extract().jsonPath();
            largestPeople = Math.max(largestPeople, detail.getLong("summary.people"));
            given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                    .body(Map.of("templateKey", e.getKey(), "company", "模板验证" + e.getKey(),
                            "contacts",
                            List.of(Tenants.contact("张伟", "zw@" + e.getKey() + ".example", e.getValue()))))
                    .when().post("/api/tenants")
                    .then().statusCode(201).body("state", equalTo("READY"));
        }
        assertEquals(true, largestPeople >= 100, "the largest template has 100+ people");
        // dates inside record fields are re-anchored too: a permit's valid-until is a date, not "today+365d"
        var permit = given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                .body(Map.of("templateKey", "government", "company", "日期字段验证局",
                        "contacts", List.of(Tenants.contact("张伟", "zw@dates.example", "director"))))
                .post("/api/tenants").then().statusCode(201).extract().jsonPath();
        var made = new Tenants.Made(permit.getString("id"), permit.getString("company"), permit);
        String until = given().auth().oauth2(made.prospectToken("director")).queryParam("type", "permit").queryParam("size", 1)
                .get("/api/portal/records").then().statusCode(200).extract().path("items[0].fields.validUntil");
        OffsetDateTime at = OffsetDateTime.parse(until);
        assertEquals(true, at.toInstant().isAfter(Instant.now().minus(Duration.ofDays(2)))
                && at.toInstant().isBefore(Instant.now().plus(Duration.ofDays(2000))),
                "a real date: " + until);
    }

    @Test
    void importPublishProvisionRetire() {
        String key = "t-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] zip = Bundles.zip(Bundles.renamed("logistics", key));

        given().auth().oauth2(Tokens.admin()).contentType("application/zip").body(zip)
                .when().post("/api/templates/validate")
                .then().statusCode(200).body("valid", equalTo(true)).body("summary.people", equalTo(124));

        given().auth().oauth2(Tokens.admin()).contentType("application/zip").body(zip)
                .when().post("/api/templates")
                .then().statusCode(201).body("key", equalTo(key)).body("version", equalTo(1)).body("state", equalTo("DRAFT"));
        // a draft is not offered to pre-sales yet
        given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                .body(Map.of("templateKey", key, "company", "草稿公司", "contacts",
                        List.of(Tenants.contact("王磊", "wl@d.example", "boss"))))
                .when().post("/api/tenants").then().statusCode(422);

        given().auth().oauth2(Tokens.admin()).when().post("/api/templates/" + key + "/versions/1/publish")
                .then().statusCode(200).body("state", equalTo("PUBLISHED"));
        String tenant = given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                .body(Map.of("templateKey", key, "company", "已发布公司", "contacts",
                        List.of(Tenants.contact("王磊", "wl@p.example", "boss"))))
                .when().post("/api/tenants").then().statusCode(201).body("templateVersion", equalTo(1)).extract().path("id");

        given().auth().oauth2(Tokens.admin()).when().post("/api/templates/" + key + "/versions/1/retire")
                .then().statusCode(200).body("state", equalTo("RETIRED"));
        given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                .body(Map.of("templateKey", key, "company", "下线后公司", "contacts",
                        List.of(Tenants.contact("王磊", "wl@r.example", "boss"))))
                .when().post("/api/tenants").then().statusCode(422);
        // the existing tenant keeps its version
        given().auth().oauth2(Tokens.presales()).when().get("/api/tenants/" + tenant)
                .then().statusCode(200).body("templateVersion", equalTo(1)).body("state", equalTo("READY"));
        given().auth().oauth2(Tokens.admin()).when().post("/api/templates/" + key + "/versions/1/publish")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aBrokenBundleIsRefusedWithLocatedErrorsAndNothingIsStored() {
        String key = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> files = Bundles.renamed("logistics", key);
        files.put("scenarios.yaml", files.get("scenarios.yaml").replaceFirst("role: dispatcher", "role: captain"));
        given().auth().oauth2(Tokens.admin()).contentType("application/zip").body(Bundles.zip(files))
                .when().post("/api/templates")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].file", equalTo("scenarios.yaml"))
                .body("errors[0].line", equalTo(Bundles.lineOf(files.get("scenarios.yaml"), "role: captain")))
                .body("errors[0].message", Matchers.containsString("captain"));
        given().auth().oauth2(Tokens.admin()).when().get("/api/templates/" + key).then().statusCode(404);
    }

    @Test
    void corruptedUploadsNeverGiveA500OrAPartialImport() {
        Random rnd = new Random(7);
        String key = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Set<Integer> accepted = new HashSet<>(); // identical files give the same version back
        for (int i = 0; i < 25; i++) {
            Map<String, String> files = Bundles.renamed("logistics", key);
            String file = Bundles.FILES.get(1 + rnd.nextInt(Bundles.FILES.size() - 1));
            Map<String, byte[]> bytes = new LinkedHashMap<>(Bundles.files(key, files).files());
            bytes.put(file, BundleFuzzTest.corrupt(bytes.get(file), rnd));
            var response = given().auth().oauth2(Tokens.admin()).contentType("application/zip").body(Bundles.zipBytes(bytes))
                    .when().post("/api/templates").then().extract();
            int status = response.statusCode();
            if (status == 201) {
                accepted.add(response.jsonPath().getInt("version"));
            } else {
                assertEquals(422, status, "iteration " + i + " on " + file);
            }
            int versions = given().auth().oauth2(Tokens.admin()).when().get("/api/templates/" + key)
                    .then().extract().statusCode() == 404 ? 0
                            : given().auth().oauth2(Tokens.admin()).when().get("/api/templates/" + key).then().extract()
                                    .jsonPath().getList("versions").size();
            assertEquals(accepted.size(), versions, "exactly the accepted uploads are stored, iteration " + i);
        }
    }

    @Test
    void presalesMayReadButNotManage() {
        given().auth().oauth2(Tokens.presales()).contentType("application/zip").body(Bundles.zip(Bundles.bundled("logistics")))
                .when().post("/api/templates").then().statusCode(403);
        given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON).body(Map.of("size", 2))
                .when().put("/api/templates/logistics/pool").then().statusCode(403);
    }

    @Test
    void poolAndSettingsAreStoredAndValidated() {
        String key = "t-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(Tokens.admin()).contentType("application/zip")
                .body(Bundles.zip(Bundles.renamed("logistics", key)))
                .when().post("/api/templates").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("size", 3))
                .when().put("/api/templates/" + key + "/pool").then().statusCode(200).body("size", equalTo(3));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("size", -1))
                .when().put("/api/templates/" + key + "/pool").then().statusCode(422);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("trialDays", 14, "seatLimit", 5))
                .when().put("/api/templates/" + key + "/settings")
                .then().statusCode(200).body("trialDays", equalTo(14)).body("seatLimit", equalTo(5))
                .body("pool.size", equalTo(3));
    }
}
