package io.modelhouse.lifecycle;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.SealedSecrets;
import io.modelhouse.mail.TrialMails;
import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.LocalStackResource;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A 30-day trial in seconds, on the real Keycloak: invite → login → warnings → expiry (login
 * refused, old token refused, page says so) → extension (login again) → expiry → purge (rows,
 * users and organization gone, tombstone kept). The app's clock is moved; Keycloak's is not.
 */
@QuarkusTest
class TrialLifecycleTest {

    @Inject
    ModelhouseClock clock;
    @Inject
    AgroalDataSource db;
    @Inject
    SealedSecrets secrets;

    @TestHTTPResource("/portal")
    URL portal;

    @AfterEach
    void realTime() {
        clock.use(Clock.systemUTC());
    }

    @Test
    void aTrialFromInvitationToPurge() throws Exception {
        var made = Tenants.logistics("全周期物流");
        assertTrue(outbox(made.id(), "invitation").size() >= 2, "every contact got an invitation");

        // the boss invites a colleague from the portal; the password reaches the colleague by mail only
        String colleagueMail = "zhaomin." + UUID.randomUUID().toString().substring(0, 6) + "@prospect.example";
        String username = given().auth().oauth2(made.prospectToken("boss")).contentType(ContentType.JSON)
                .body(Map.of("name", "赵敏", "email", colleagueMail, "role", "finance"))
                .post("/api/portal/invitations").then().statusCode(201).extract().path("username");
        String password = passwordFromInvitation(made.id(), colleagueMail);
        String token = Tokens.of(username, password);
        given().auth().oauth2(token).get("/api/portal/me").then().statusCode(200).body("role", equalTo("finance"));
        var browser = new BrowserSession();
        assertEquals(200, browser.login(portal.toString(), username, password).statusCode());

        // T-7: one warning per tenant and threshold, however often the job runs
        clock.use(Clock.offset(Clock.systemUTC(), Duration.ofDays(23).plusHours(1)));
        given().auth().oauth2(token).get("/api/portal/me").then().body("daysLeft", equalTo(7));
        runJob("expiry-warnings");
        int warnings = outbox(made.id(), "expiry-warning").size();
        assertTrue(warnings >= 3, "each active account warned: " + warnings);
        runJob("expiry-warnings");
        assertEquals(warnings, outbox(made.id(), "expiry-warning").size(), "no second T-7 warning");
        assertTrue(browser.get(portal.toString()).body().contains("试用将在 7 天后"), "the portal shows the banner");

        // expiry: the trial is over; for the open house (7 days) its people may still log in and read, not change
        clock.use(Clock.offset(Clock.systemUTC(), Duration.ofDays(30).plusHours(1)));
        runJob("expiry");
        given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + made.id()).then().body("state", equalTo("EXPIRED"));
        Tokens.of(username, password);
        given().auth().oauth2(token).get("/api/portal/me").then().statusCode(200);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "钱七", "email", "qq." + colleagueMail, "role", "finance"))
                .post("/api/portal/invitations").then().statusCode(403);
        assertTrue(browser.get(portal.toString()).body().contains("id=\"recap\""), "the open house's recap");

        // the open house ends: Keycloak refuses the login; the app refuses the old token; the page says so
        clock.use(Clock.offset(Clock.systemUTC(), Duration.ofDays(37).plusHours(2)));
        runJob("expiry");
        assertLoginRefused(username, password);
        given().auth().oauth2(token).get("/api/portal/me").then().statusCode(403);
        assertTrue(browser.get(portal.toString()).body().contains("本次试用已于"), "the page says the trial ended");

        // extension: logins work again
        given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON).body(Map.of("days", 7))
                .post("/api/tenants/" + made.id() + "/extend").then().statusCode(200).body("state", equalTo("ACTIVE"));
        String again = Tokens.of(username, password);
        given().auth().oauth2(again).get("/api/portal/me").then().statusCode(200);

        // expiry again, then the grace period ends: the purge leaves only the tombstone
        clock.use(Clock.offset(Clock.systemUTC(), Duration.ofDays(45)));
        runJob("expiry");
        runJob("purge-expired");
        given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + made.id()).then().body("state", equalTo("EXPIRED"));
        clock.use(Clock.offset(Clock.systemUTC(), Duration.ofDays(45 + 15)));
        runJob("purge-expired");
        given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + made.id()).then().statusCode(200).body("state",
                equalTo("PURGED"));
        assertEquals(0, rows(made.id()), "data rows gone");
        assertLoginRefused(username, password);
        String admin = Tokens.keycloakAdmin();
        assertEquals(0,
                given().baseUri(LocalStackResource.KEYCLOAK_URL).auth().oauth2(admin).queryParam("q", "tenant_id:" + made.id())
                        .get("/admin/realms/modelhouse/users").then().extract().jsonPath().getList("$").size(),
                "Keycloak users gone");
        assertTrue(!given().baseUri(LocalStackResource.KEYCLOAK_URL).auth().oauth2(admin).queryParam("search", made.id())
                .get("/admin/realms/modelhouse/organizations").then().extract().jsonPath().getList("alias").contains(made.id()),
                "organization gone");
    }

    @Test
    void aConvertedTenantIsNeverPurgedAndSeatsAreLimited() throws Exception {
        var made = Tenants.logistics("座位物流");
        try (var c = db.getConnection(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE tenant SET seat_limit = 3 WHERE id = '" + made.id() + "'");
        }
        String boss = made.prospectToken("boss");
        given().auth().oauth2(boss).contentType(ContentType.JSON)
                .body(Map.of("name", "赵敏", "email", "zm@seat.example", "role", "finance")).post("/api/portal/invitations")
                .then().statusCode(201);
        given().auth().oauth2(boss).contentType(ContentType.JSON)
                .body(Map.of("name", "周芷若", "email", "zzr@seat.example", "role", "sales")).post("/api/portal/invitations")
                .then().statusCode(409).contentType("application/problem+json");
        try (var c = db.getConnection(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE tenant SET state = 'CONVERTED', expires_at = now() - interval '60 days' WHERE id = '"
                    + made.id() + "'");
        }
        runJob("expiry");
        runJob("purge-expired");
        given().auth().oauth2(Tokens.presales()).get("/api/tenants/" + made.id()).then().body("state", equalTo("CONVERTED"));
    }

    private static void runJob(String job) {
        given().auth().oauth2(Tokens.admin()).post("/api/ops/" + job).then().statusCode(200);
    }

    private static void assertLoginRefused(String username, String password) {
        int status = given().baseUri(LocalStackResource.KEYCLOAK_URL).formParam("grant_type", "password")
                .formParam("client_id", "modelhouse-cli").formParam("username", username).formParam("password", password)
                .post("/realms/modelhouse/protocol/openid-connect/token").then().extract().statusCode();
        assertTrue(status == 400 || status == 401, "login refused, got " + status);
    }

    private List<String> outbox(String tenant, String kind) throws Exception {
        try (var c = db.getConnection();
                var st = c.prepareStatement("SELECT body_html FROM mail_outbox WHERE tenant_id = ?::uuid AND kind = ?")) {
            st.setString(1, tenant);
            st.setString(2, kind);
            var rs = st.executeQuery();
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    /** The colleague's password as the delivered mail will carry it: sealed in the outbox, never in clear. */
    private String passwordFromInvitation(String tenant, String to) throws Exception {
        try (var c = db.getConnection();
                var st = c.prepareStatement("SELECT body_html, secret_sealed FROM mail_outbox WHERE tenant_id = ?::uuid"
                        + " AND kind = 'invitation' AND to_address = ?")) {
            st.setString(1, tenant);
            st.setString(2, to);
            var rs = st.executeQuery();
            assertTrue(rs.next(), "an invitation to " + to);
            assertTrue(rs.getString(1).contains(TrialMails.PASSWORD_MASK), "the body holds the mask, not the password");
            return secrets.unseal(rs.getString(2));
        }
    }

    private long rows(String tenant) throws Exception {
        long n = 0;
        try (var c = db.getConnection(); var st = c.createStatement()) {
            st.execute("SELECT set_config('app.tenant_id', '" + tenant + "', false)");
            for (String table : List.of("org_unit", "member", "business_record", "workspace_item")) {
                var rs = st.executeQuery("SELECT count(*) FROM " + table);
                rs.next();
                n += rs.getLong(1);
            }
        }
        return n;
    }

}
