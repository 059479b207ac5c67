package io.modelhouse;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.OpenApiResponseCheck;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * {@code /q/openapi} tells the truth (issue 14): the ordinary calls a CRM integration makes, and the
 * usual mistakes, answer with a status, media type and body the document declares for that
 * operation, as a client generated from it expects. Every call below goes through
 * {@link OpenApiResponseCheck}, which fails it otherwise.
 */
@QuarkusTest
class OpenApiContractTest {

    @Test
    void theDocumentDeclaresWhatALinterAsksFor() {
        assertEquals(List.of(), OpenApiResponseCheck.ofApp().lint());
    }

    @Test
    void aModelHouseFromTemplatesToPurgeAnswersAsDocumented() {
        var contract = OpenApiResponseCheck.ofApp();
        String presales = Tokens.presales();

        api(contract, presales).get("/api/templates").then().statusCode(200);
        api(contract, presales).get("/api/templates/logistics").then().statusCode(200);

        String key = UUID.randomUUID().toString();
        String slug = key.substring(0, 8);
        String company = "契约测试物流 " + slug;
        var request = Tenants.request(company, Tenants.contact("王磊", "wanglei." + slug + "@contract.example", "boss"),
                Tenants.contact("李娜", "lina." + slug + "@contract.example", "dispatcher"));
        JsonPath created = api(contract, presales).contentType(ContentType.JSON).header("Idempotency-Key", key).body(request)
                .post("/api/tenants").then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        // the same key and body again is the same tenant (200); another body under that key is refused (409)
        api(contract, presales).contentType(ContentType.JSON).header("Idempotency-Key", key).body(request)
                .post("/api/tenants").then().statusCode(200).body("id", equalTo(id));
        api(contract, presales).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Tenants.request("另一家公司 " + slug,
                        Tenants.contact("赵敏", "zm." + slug + "@contract.example", "finance")))
                .post("/api/tenants").then().statusCode(409);

        api(contract, presales).get("/api/tenants/" + id).then().statusCode(200);
        api(contract, presales).queryParam("q", company).get("/api/tenants").then().statusCode(200).body("total", equalTo(1));
        api(contract, presales).contentType(ContentType.JSON).body(Map.of("days", 7))
                .post("/api/tenants/" + id + "/extend").then().statusCode(200);
        api(contract, presales).post("/api/tenants/" + id + "/reset").then().statusCode(200);

        String prospect = new Tenants.Made(id, company, created).prospectToken("boss");
        api(contract, prospect).get("/api/portal/me").then().statusCode(200);
        // seats without a template role answer "role": null
        api(contract, prospect).get("/api/portal/org-units").then().statusCode(200);
        api(contract, prospect).queryParam("size", 20).get("/api/portal/records").then().statusCode(200);

        api(contract, presales).post("/api/tenants/" + id + "/expire").then().statusCode(200);
        api(contract, presales).delete("/api/tenants/" + id).then().statusCode(200).body("state", equalTo("PURGED"));

        assertChecked(contract, "GET /api/templates 200", "GET /api/templates/{key} 200", "POST /api/tenants 201",
                "POST /api/tenants 200", "POST /api/tenants 409", "GET /api/tenants/{id} 200", "GET /api/tenants 200",
                "POST /api/tenants/{id}/extend 200", "POST /api/tenants/{id}/reset 200", "GET /api/portal/me 200",
                "GET /api/portal/org-units 200", "GET /api/portal/records 200", "POST /api/tenants/{id}/expire 200",
                "DELETE /api/tenants/{id} 200");
    }

    @Test
    void mistakesAnswerWithTheDocumentedProblem() {
        var contract = OpenApiResponseCheck.ofApp();
        String presales = Tokens.presales();

        // 422: no such template; and bean validation, whose errors carry file and line as null
        api(contract, presales).contentType(ContentType.JSON)
                .body(Map.of("templateKey", "no-such-template", "company", "无模板公司", "contacts",
                        List.of(Tenants.contact("张三", "zs@contract.example", "boss"))))
                .post("/api/tenants").then().statusCode(422);
        api(contract, presales).contentType(ContentType.JSON)
                .body("{\"templateKey\":\"logistics\","
                        + "\"contacts\":[{\"name\":\"\",\"email\":\"not-a-mail\",\"role\":\"boss\"}]}")
                .post("/api/tenants").then().statusCode(422);
        api(contract, presales).queryParam("size", -5).get("/api/tenants").then().statusCode(422);
        // 400: not JSON at all; a text where a number goes
        api(contract, presales).contentType(ContentType.JSON).body("{\"templateKey\": ")
                .post("/api/tenants").then().statusCode(400);
        api(contract, presales).queryParam("page", "abc").get("/api/tenants").then().statusCode(400);
        // 404: an id or key that names nothing
        api(contract, presales).get("/api/tenants/" + UUID.randomUUID()).then().statusCode(404);
        api(contract, presales).get("/api/tenants/not-a-uuid").then().statusCode(404);
        api(contract, presales).get("/api/templates/no-such-template").then().statusCode(404);
        // 401: no token, a token that does not verify
        given().filter(contract).get("/api/tenants").then().statusCode(401);
        api(contract, "not.a.token").get("/api/tenants").then().statusCode(401);
        // 403: staff on the prospect's API, a prospect on staff calls
        api(contract, presales).get("/api/portal/me").then().statusCode(403);
        var made = Tenants.logistics("契约权限测试");
        api(contract, made.prospectToken("dispatcher")).get("/api/tenants").then().statusCode(403);
        // 400 again: a field of the wrong type
        api(contract, presales).contentType(ContentType.JSON).body("{\"days\": \"many\"}")
                .post("/api/tenants/" + made.id() + "/extend").then().statusCode(400);

        assertChecked(contract, "POST /api/tenants 422", "GET /api/tenants 422", "POST /api/tenants 400",
                "GET /api/tenants 400", "GET /api/tenants/{id} 404", "GET /api/templates/{key} 404", "GET /api/tenants 401",
                "GET /api/portal/me 403", "GET /api/tenants 403", "POST /api/tenants/{id}/extend 400");
    }

    private static RequestSpecification api(OpenApiResponseCheck contract, String token) {
        return given().filter(contract).auth().oauth2(token);
    }

    private static void assertChecked(OpenApiResponseCheck contract, String... calls) {
        Set<String> missing = new TreeSet<>(Set.of(calls));
        missing.removeAll(contract.seen());
        assertTrue(missing.isEmpty(), "not checked against the document: " + missing);
    }
}
