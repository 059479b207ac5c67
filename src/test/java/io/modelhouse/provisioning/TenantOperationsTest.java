package io.modelhouse.provisioning;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.modelhouse.testsupport.LocalStackResource;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Reset (both modes), extend, expire and purge, through the API, against the real stack. */
@QuarkusTest
class TenantOperationsTest {

    @Inject
    AgroalDataSource db;

    @Test
    void personalisationPutsContactsInTheirSeatsAndDatesAroundToday() {
        var made = Tenants.logistics("个性化物流");
        String token = made.prospectToken("dispatcher");
        var units = given().auth().oauth2(token).get("/api/portal/org-units").then().extract().jsonPath();
        // the dispatcher contact sits in the dispatch centre, in the seat the template gives that role
        String unit = units.getString("find { u -> u.members.any { it.name == '李娜' } }.name");
        assertEquals("调度中心", unit);
        List<String> today = new ArrayList<>();
        for (int page = 0; page < 2; page++) { // newest first: a few days ahead, then today
            today.addAll(given().auth().oauth2(token).queryParam("type", "delivery_order").queryParam("size", 200)
                    .queryParam("page", page).get("/api/portal/records").then().extract().jsonPath()
                    .<String> getList("items.occursAt"));
        }
        LocalDate shanghaiToday = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        assertTrue(
                today.stream().anyMatch(
                        at -> LocalDate.ofInstant(Instant.parse(at), ZoneId.of("Asia/Shanghai")).equals(shanghaiToday)),
                "some records fall on today in the tenant's time zone");
    }

    @Test
    void refreshKeepsTheProspectsRowsPristineDoesNot() throws Exception {
        var made = Tenants.logistics("重置测试物流");
        String planted = "prospect-" + System.nanoTime();
        try (var c = db.getConnection(); var st = c.createStatement()) {
            st.execute("SELECT set_config('app.tenant_id', '" + made.id() + "', false)");
            st.executeUpdate(
                    "INSERT INTO business_record (tenant_id, id, record_type, ref_no, title, status, occurs_at, data, origin,"
                            + " created_at) VALUES ('" + made.id() + "', gen_random_uuid(), 'delivery_order', 'MY-1', '"
                            + planted
                            + "', 'pending', now(), '{}', 'prospect', now())");
            st.executeUpdate("UPDATE business_record SET title = 'changed by prospect' WHERE ref_no = 'PS-000001'");
        }
        given().auth().oauth2(Tokens.presales()).post("/api/tenants/" + made.id() + "/reset?mode=refresh").then()
                .statusCode(200);
        List<String> titles = titles(made);
        assertTrue(titles.contains(planted), "refresh keeps what the prospect made");
        assertTrue(!titles.contains("changed by prospect"), "refresh restores the template's rows");

        given().auth().oauth2(Tokens.presales()).post("/api/tenants/" + made.id() + "/reset?mode=pristine").then()
                .statusCode(200);
        assertTrue(!titles(made).contains(planted), "pristine removes what the prospect made");
        // accounts survive both, and the contacts are placed again
        given().auth().oauth2(made.prospectToken("boss")).get("/api/portal/org-units").then()
                .body("members.flatten().name", hasItem("王磊"));
        given().auth().oauth2(Tokens.presales()).post("/api/tenants/" + made.id() + "/reset?mode=sideways").then()
                .statusCode(422);
    }

    @Test
    void expireRefusesLoginAndTheApiExtendReopensDeletePurges() {
        var made = Tenants.logistics("生命周期物流");
        String[] boss = made.login("boss");
        String token = made.prospectToken("boss");
        given().auth().oauth2(Tokens.presales()).post("/api/tenants/" + made.id() + "/expire").then().statusCode(200)
                .body("state", equalTo("EXPIRED"));
        given().auth().oauth2(token).get("/api/portal/me").then().statusCode(403); // an old token, refused by the app
        given().baseUri(LocalStackResource.KEYCLOAK_URL).formParam("grant_type", "password")
                .formParam("client_id", "modelhouse-cli").formParam("username", boss[0]).formParam("password", boss[1])
                .post("/realms/modelhouse/protocol/openid-connect/token").then().statusCode(not(equalTo(200)));

        var extended = given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON).body(Map.of("days", 7))
                .post("/api/tenants/" + made.id() + "/extend").then().statusCode(200).extract().jsonPath();
        assertTrue(Instant.parse(extended.getString("expiresAt")).isAfter(Instant.now().plus(Duration.ofDays(6))));
        given().auth().oauth2(made.prospectToken("boss")).get("/api/portal/me").then().statusCode(200);

        given().auth().oauth2(Tokens.presales()).delete("/api/tenants/" + made.id()).then().statusCode(200)
                .body("state", equalTo("PURGED"));
        assertEquals(0, rawCount(made.id(), "business_record") + rawCount(made.id(), "member"), "data rows gone");
        given().baseUri(LocalStackResource.KEYCLOAK_URL).formParam("grant_type", "password")
                .formParam("client_id", "modelhouse-cli").formParam("username", boss[0]).formParam("password", boss[1])
                .post("/realms/modelhouse/protocol/openid-connect/token").then().statusCode(not(equalTo(200)));
        given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + made.id()).then().statusCode(200)
                .body("state", equalTo("PURGED")); // the tombstone stays
    }

    private List<String> titles(Tenants.Made made) {
        try (var c = db.getConnection(); var st = c.createStatement()) {
            st.execute("SELECT set_config('app.tenant_id', '" + made.id() + "', false)");
            var rs = st.executeQuery("SELECT title FROM business_record");
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long rawCount(String tenant, String table) {
        try (var c = db.getConnection(); var st = c.createStatement()) {
            st.execute("SELECT set_config('app.tenant_id', '" + tenant + "', false)");
            var rs = st.executeQuery("SELECT count(*) FROM " + table);
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
