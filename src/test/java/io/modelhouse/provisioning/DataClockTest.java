package io.modelhouse.provisioning;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** The nightly slide: a tenant anchored two weeks ago moves its template rows forward two whole weeks. */
@QuarkusTest
class DataClockTest {

    @Inject
    AgroalDataSource db;

    @Test
    void templateRowsMoveInWholeWeeksAndTheProspectsStayPut() throws Exception {
        var made = Tenants.logistics("时钟物流");
        Timestamp before;
        try (var c = db.getConnection(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE tenant SET clock_anchor = clock_anchor - 15 WHERE id = '" + made.id() + "'");
            st.execute("SELECT set_config('app.tenant_id', '" + made.id() + "', false)");
            st.executeUpdate(
                    "INSERT INTO business_record (tenant_id, id, record_type, ref_no, title, status, occurs_at, data, origin, created_at)"
                            + " VALUES ('" + made.id()
                            + "', gen_random_uuid(), 'delivery_order', 'MINE-1', 'mine', 'pending', '2026-01-01T00:00:00Z', '{}', 'prospect', now())");
            var rs = st.executeQuery("SELECT occurs_at FROM business_record WHERE ref_no = 'PS-000001'");
            rs.next();
            before = rs.getTimestamp(1);
        }
        given().auth().oauth2(Tokens.admin()).post("/api/ops/data-clock").then().statusCode(200);
        try (var c = db.getConnection(); var st = c.createStatement()) {
            st.execute("SELECT set_config('app.tenant_id', '" + made.id() + "', false)");
            var rs = st.executeQuery("SELECT occurs_at FROM business_record WHERE ref_no = 'PS-000001'");
            rs.next();
            assertEquals(14L * 24 * 3600 * 1000, rs.getTimestamp(1).getTime() - before.getTime(), "two whole weeks");
            rs = st.executeQuery("SELECT occurs_at FROM business_record WHERE ref_no = 'MINE-1'");
            rs.next();
            assertEquals(Timestamp.from(Instant.parse("2026-01-01T00:00:00Z")), rs.getTimestamp(1),
                    "the prospect's row keeps its date");
            rs = st.executeQuery("SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date - clock_anchor FROM tenant WHERE id = '"
                    + made.id() + "'");
            rs.next();
            assertEquals(1, rs.getInt(1), "the anchor moved by the same two weeks");
        }
    }

    @Test
    void datesInsideRecordFieldsSlideWithTheRecord() throws Exception {
        var made = RestAssured.given().auth().oauth2(Tokens.presales())
                .contentType(ContentType.JSON)
                .body(Map.of("templateKey", "government", "company", "时钟政务局", "contacts",
                        List.of(Tenants.contact("张伟", "zw@clock.example", "director"))))
                .post("/api/tenants").then().statusCode(201).extract().<String> path("id");
        String before = fieldDate(made);
        try (var c = db.getConnection(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE tenant SET clock_anchor = clock_anchor - 7 WHERE id = '" + made + "'");
        }
        given().auth().oauth2(Tokens.admin()).post("/api/ops/data-clock").then().statusCode(200);
        assertEquals(OffsetDateTime.parse(before).plusDays(7).toInstant(),
                OffsetDateTime.parse(fieldDate(made)).toInstant(), "validUntil moved one week");
    }

    private String fieldDate(String tenant) throws Exception {
        try (var c = db.getConnection(); var st = c.createStatement()) {
            st.execute("SELECT set_config('app.tenant_id', '" + tenant + "', false)");
            var rs = st.executeQuery("SELECT data->>'validUntil' FROM business_record WHERE ref_no = 'ZZ-000001'");
            rs.next();
            return rs.getString(1);
        }
    }
}
