package io.modelhouse.portal;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/** A prospect logs in with the password they were given and sees their own company, today. */
@QuarkusTest
class PortalResourceTest {

    @Test
    void prospectSeesTheirCompanyOrgChartAndRecordsDatedAroundToday() {
        var made = Tenants.logistics("顺达同城配送");
        String token = made.prospectToken("boss");

        given().auth().oauth2(token).when().get("/api/portal/me")
                .then().statusCode(200)
                .body("tenantId", equalTo(made.id()))
                .body("company", equalTo(made.company()))
                .body("role", equalTo("boss"))
                .body("name", equalTo("王磊"))
                .body("daysLeft", equalTo(30));

        var units = given().auth().oauth2(token).when().get("/api/portal/org-units")
                .then().statusCode(200)
                .body("[0].name", equalTo(made.company()))
                .body("size()", greaterThanOrEqualTo(10))
                .extract().jsonPath();
        // the contacts sit in their roles' seats of the org chart
        List<String> names = units.getList("members.flatten().name");
        assertTrue(names.contains("王磊") && names.contains("李娜"), "contacts placed in the org chart");
        assertTrue(names.size() >= 100, "a believable company has 100+ people, got " + names.size());

        var records = given().auth().oauth2(token).queryParam("type", "delivery_order").queryParam("size", 200)
                .when().get("/api/portal/records")
                .then().statusCode(200)
                .body("total", greaterThanOrEqualTo(1000))
                .body("items.type", hasItem("delivery_order"))
                .extract().jsonPath();
        Instant now = Instant.now();
        for (String at : records.<String> getList("items.occursAt")) {
            Instant when = Instant.parse(at);
            assertTrue(when.isAfter(now.minus(Duration.ofDays(32))) && when.isBefore(now.plus(Duration.ofDays(5))),
                    "delivery orders fall within a month before and a few days after today: " + at);
        }
    }

    @Test
    void staffTokensAreRefusedOnThePortalApiAndProspectTokensOnStaffApi() {
        given().auth().oauth2(Tokens.presales()).when().get("/api/portal/me")
                .then().statusCode(403).contentType("application/problem+json");
        var made = Tenants.logistics("权限测试物流");
        String prospect = made.prospectToken("dispatcher");
        given().auth().oauth2(prospect).when().get("/api/tenants").then().statusCode(403);
        given().auth().oauth2(prospect).when().get("/api/tenants/" + made.id()).then().statusCode(403);
        given().auth().oauth2(prospect).when().get("/api/templates").then().statusCode(403);
    }
}
