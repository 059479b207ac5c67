package io.modelhouse.template;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/** The bundled logistics template is published at start and reports what it holds. */
@QuarkusTest
class TemplateResourceTest {

    @Test
    void logisticsIsPublishedWithItsRolesAndSummary() {
        given().auth().oauth2(Tokens.presales()).when().get("/api/templates")
                .then().statusCode(200)
                .body("key", hasItem("logistics"));
        given().auth().oauth2(Tokens.admin()).when().get("/api/templates/logistics")
                .then().statusCode(200)
                .body("name", equalTo("同城物流"))
                .body("publishedVersion", greaterThanOrEqualTo(1))
                .body("roles.key", hasItem("boss"))
                .body("roles.find { it.key == 'boss' }.influence", equalTo("EB"))
                .body("summary.people", greaterThanOrEqualTo(100))
                .body("summary.records", greaterThanOrEqualTo(3000))
                .body("summary.recordTypes", greaterThanOrEqualTo(3));
    }

    @Test
    void unknownTemplateIs404ProblemJson() {
        given().auth().oauth2(Tokens.presales()).when().get("/api/templates/no-such-thing")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
