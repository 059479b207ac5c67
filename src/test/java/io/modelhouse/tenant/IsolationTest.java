package io.modelhouse.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.modelhouse.testsupport.Tenants;
import io.quarkus.test.junit.QuarkusTest;

/**
 * No cross-tenant read or write, tried for real: through the API with another tenant's token, and
 * through raw SQL as the application's database role, where only row-level security stands.
 */
@QuarkusTest
class IsolationTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aProspectOfOneTenantSeesNothingOfAnother() {
        var a = Tenants.logistics("甲公司");
        var b = Tenants.logistics("乙公司");
        String tokenA = a.prospectToken("boss");

        given().auth().oauth2(tokenA).when().get("/api/portal/me").then().statusCode(200).body("tenantId", equalTo(a.id()));
        List<String> unitNames = given().auth().oauth2(tokenA).queryParam("members", false).when().get("/api/portal/org-units")
                .then().statusCode(200).extract().jsonPath().getList("name");
        assertTrue(unitNames.contains(a.company()) && !unitNames.contains(b.company()),
                "only A's org chart: " + unitNames.get(0));

        List<String> recordIds = given().auth().oauth2(tokenA).queryParam("size", 200).when().get("/api/portal/records")
                .then().statusCode(200).extract().jsonPath().getList("items.id");
        List<String> recordsOfB = rawIds(b.id(), "business_record");
        assertTrue(recordIds.stream().noneMatch(recordsOfB::contains), "none of B's records reach A");

        // B's tenant by id, with A's token: staff-only, refused
        given().auth().oauth2(tokenA).when().get("/api/tenants/" + b.id()).then().statusCode(403);
        // a query parameter cannot switch the tenant: the token decides
        given().auth().oauth2(tokenA).queryParam("tenantId", b.id()).when().get("/api/portal/me")
                .then().statusCode(200).body("tenantId", equalTo(a.id()));
    }

    @Test
    void rowLevelSecurityAloneStopsARawReadOrWriteOfAnotherTenant() throws SQLException {
        var a = Tenants.logistics("行级安全甲");
        var b = Tenants.logistics("行级安全乙");
        assertTrue(rawIds(b.id(), "business_record").size() > 1000, "B has records, seen under B's own setting");

        try (Connection c = dataSource.getConnection()) {
            setTenant(c, a.id());
            // no tenant filter in the query: only RLS decides
            assertEquals(0, count(c, "SELECT count(*) FROM business_record WHERE tenant_id = '" + b.id() + "'"));
            assertEquals(0, count(c, "SELECT count(*) FROM member WHERE tenant_id <> '" + a.id() + "'"));
            assertTrue(count(c, "SELECT count(*) FROM business_record") > 1000, "A's own rows are visible");
            assertEquals(0, c.createStatement()
                    .executeUpdate("UPDATE org_unit SET name_zh = 'hacked' WHERE tenant_id = '" + b.id() + "'"));
            assertEquals(0, c.createStatement().executeUpdate("DELETE FROM member WHERE tenant_id = '" + b.id() + "'"));
            SQLException refused = assertThrows(SQLException.class, () -> c.createStatement().executeUpdate(
                    "INSERT INTO org_unit (tenant_id, id, name_zh, name_en, depth, sort_order, origin) VALUES ('" + b.id()
                            + "', '" + UUID.randomUUID() + "', 'planted', 'planted', 1, 0, 'prospect')"));
            assertTrue(refused.getMessage().contains("row-level security"), refused.getMessage());
        }
        try (Connection c = dataSource.getConnection()) {
            setTenant(c, "");
            assertEquals(0, count(c, "SELECT count(*) FROM business_record"), "no tenant set, no rows at all");
        }
    }

    private List<String> rawIds(String tenant, String table) {
        try (Connection c = dataSource.getConnection()) {
            setTenant(c, tenant);
            try (ResultSet rs = c.createStatement().executeQuery("SELECT id FROM " + table)) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setTenant(Connection c, String tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('app.tenant_id', ?, false)")) {
            ps.setString(1, tenant);
            ps.execute();
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
