package io.modelhouse.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code /api/tenants} as API.md promises it. */
@QuarkusTest
class TenantResourceTest {

    @Test
    void createsAReadyTenantWithOneAccountPerContactAndPasswordsOnce() {
        String company = "顺达同城配送有限公司 " + UUID.randomUUID().toString().substring(0, 6);
        String id = given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                .body(Tenants.request(company, Tenants.contact("王磊", "wanglei@shunda.example", "boss")))
                .when().post("/api/tenants")
                .then().statusCode(201)
                .header("Location", containsString("/api/tenants/"))
                .body("state", equalTo("READY"))
                .body("company", equalTo(company))
                .body("templateKey", equalTo("logistics"))
                .body("templateVersion", greaterThan(0))
                .body("provisioningMillis", notNullValue())
                .body("fromPool", equalTo(false))
                .body("accounts", hasSize(1))
                .body("accounts[0].role", equalTo("boss"))
                .body("accounts[0].username", startsWith("wanglei-"))
                .body("accounts[0].loginUrl", containsString("/portal"))
                .body("accounts[0].initialPassword", notNullValue())
                .extract().path("id");

        given().auth().oauth2(Tokens.presales())
                .when().get("/api/tenants/" + id)
                .then().statusCode(200)
                .body("state", equalTo("READY"))
                .body("accounts[0].initialPassword", nullValue());
    }

    @Test
    void refusesARoleTheTemplateDoesNotHaveWithProblemJson() {
        given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                .body(Tenants.request("坏请求公司", Tenants.contact("张三", "zs@bad.example", "captain")))
                .when().post("/api/tenants")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("errors[0].path", equalTo("contacts[0].role"))
                .body("errors[0].message", containsString("captain"));
    }

    @Test
    void refusesMissingFieldsWithEveryErrorListed() {
        given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                .body("{\"templateKey\":\"logistics\",\"contacts\":[{\"name\":\"\",\"email\":\"not-a-mail\",\"role\":\"boss\"}]}")
                .when().post("/api/tenants")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.path", hasItem("company"))
                .body("errors.path", hasItem("contacts[0].name"))
                .body("errors.path", hasItem("contacts[0].email"));
    }

    @Test
    void sameIdempotencyKeyAndBodyGiveTheSameTenantADifferentBodyConflicts() {
        String key = UUID.randomUUID().toString();
        var body = Tenants.request("幂等测试公司 " + key.substring(0, 6),
                Tenants.contact("赵敏", "zm-" + key + "@idem.example", "finance"));
        String first = given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).post("/api/tenants").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).post("/api/tenants").then().statusCode(200).body("id", equalTo(first));
        given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Tenants.request("另一家公司", Tenants.contact("赵敏", "zm@idem.example", "finance")))
                .post("/api/tenants").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void listsAndFiltersTenants() {
        var made = Tenants.logistics("列表测试物流");
        given().auth().oauth2(Tokens.admin())
                .queryParam("q", made.company()).queryParam("state", "ready")
                .when().get("/api/tenants")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(made.id()));
        given().auth().oauth2(Tokens.admin()).queryParam("state", "SLEEPING")
                .when().get("/api/tenants")
                .then().statusCode(422).contentType("application/problem+json");
    }

    @Test
    void unknownTenantIs404AndAnonymousIs401() {
        given().auth().oauth2(Tokens.presales()).when().get("/api/tenants/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/tenants").then().statusCode(401);
        given().auth().oauth2(Tokens.presales()).when().get("/api/tenants/not-a-uuid")
                .then().statusCode(404).body("detail", not(containsString("Exception")));
    }
}
