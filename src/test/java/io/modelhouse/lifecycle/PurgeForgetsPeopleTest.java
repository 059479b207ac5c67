package io.modelhouse.lifecycle;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.LocalStackResource;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A purge forgets the people: after it, no table anywhere holds a mail address of the tenant's
 * people (accounts, mails written to them, usage, audit, CRM deliveries, follow-ups), while the
 * tombstone keeps counts and dates.
 */
@QuarkusTest
class PurgeForgetsPeopleTest {

    @Test
    void afterAPurgeNoTableHoldsThePeoplesMail() throws Exception {
        String slug = "forget" + UUID.randomUUID().toString().substring(0, 8);
        String bossMail = "wanglei." + slug + "@prospect.example";
        var body = given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                .body(Map.of("templateKey", "logistics", "company", "遗忘测试 " + slug, "trialDays", 30, "contacts",
                        List.of(Map.of("name", "王磊", "email", bossMail, "role", "boss"),
                                Map.of("name", "李娜", "email", "lina." + slug + "@prospect.example", "role", "dispatcher"))))
                .post("/api/tenants").then().statusCode(201).extract().jsonPath();
        String id = body.getString("id");
        String username = body.getString("accounts.find { it.role == 'boss' }.username");
        String password = body.getString("accounts.find { it.role == 'boss' }.initialPassword");
        String token = Tokens.of(username, password);
        // the boss invites a colleague, uses the model house and asks for more days
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "赵敏", "email", "zhaomin." + slug + "@prospect.example", "role", "finance"))
                .post("/api/portal/invitations").then().statusCode(201);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(List.of(Map.of("type", "page_view", "feature", "records.delivery_order",
                        "props", Map.of("note", "from " + bossMail))))
                .post("/api/portal/events").then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count("usage_event", id) > 0);
        String mails = slug + "@prospect.example";
        assertTrue(matches(mails).size() >= 3, "the mails are there before: " + matches(mails));

        given().auth().oauth2(Tokens.presales()).delete("/api/tenants/" + id).then().statusCode(200)
                .body("state", equalTo("PURGED"));

        assertEquals(List.of(), matches(mails), "tables still holding the people's mail");
        assertEquals(List.of(), matches(username), "tables still holding a username");
        assertEquals(3, count("trial_account", id), "the accounts' rows stay as counts");
        try (Connection c = owner();
                var st = c.prepareStatement(
                        "SELECT detail FROM audit_log WHERE tenant_id = ?::uuid AND action = 'tenant.forget'")) {
            st.setString(1, id);
            var rs = st.executeQuery();
            assertTrue(rs.next(), "the tombstone's counts");
            String detail = rs.getString(1);
            assertTrue(detail.contains("\"accounts\": 3") && detail.contains("\"loggedIn\": 1"), detail);
        }
    }

    /** Every table of the database (partitions included) whose rows mention {@code needle}. */
    private static List<String> matches(String needle) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = owner();
                var tables = c.createStatement().executeQuery(
                        "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                + " WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1")) {
            while (tables.next()) {
                String table = tables.getString(1);
                try (var st = c.prepareStatement("SELECT count(*) FROM " + table + " t WHERE t::text ILIKE ?")) {
                    st.setString(1, "%" + needle + "%");
                    var rs = st.executeQuery();
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        found.add(table + " (" + rs.getLong(1) + ")");
                    }
                }
            }
        }
        return found;
    }

    private static long count(String table, String tenant) throws SQLException {
        try (Connection c = owner();
                var st = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE tenant_id = ?::uuid")) {
            st.setString(1, tenant);
            var rs = st.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection owner() throws SQLException {
        return LocalStackResource.ownerConnection();
    }
}
