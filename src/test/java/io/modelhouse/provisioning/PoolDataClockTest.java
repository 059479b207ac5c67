package io.modelhouse.provisioning;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.agroal.api.AgroalDataSource;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.testsupport.Pools;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A tenant pooled on one weekday and claimed on another has exactly the dates a tenant cloned
 * fresh on the day of the claim has: "workday 09:30" stays on a workday, "today" is today.
 */
@QuarkusTest
class PoolDataClockTest {

    @Inject
    ModelhouseClock clock;
    @Inject
    AgroalDataSource db;

    @AfterEach
    void back() {
        clock.use(Clock.systemUTC());
    }

    @ParameterizedTest(name = "pooled {0}, claimed {1}")
    @CsvSource({ "2026-10-01T01:00:00Z, 2026-10-04T02:00:00Z", // Thursday → Sunday (Shanghai time)
            "2026-10-09T03:00:00Z, 2026-10-12T01:30:00Z", // Friday → Monday
            "2026-10-17T02:00:00Z, 2026-10-21T04:00:00Z" }) // Saturday → Wednesday
    void aClaimedPoolTenantHasTheDatesOfAFreshClone(String pooledAt, String claimedAt) throws Exception {
        clock.use(Clock.fixed(Instant.parse(pooledAt), ZoneOffset.UTC));
        String key = Pools.filled("weekday", 1);
        clock.use(Clock.fixed(Instant.parse(claimedAt), ZoneOffset.UTC));
        String claimed = create(key, true);
        String fresh = create(key, false);
        assertEquals(dates(fresh, "business_record", "ref_no"), dates(claimed, "business_record", "ref_no"));
        assertEquals(dates(fresh, "workspace_item", "item_key"), dates(claimed, "workspace_item", "item_key"));
        Pools.size(key, 0);
    }

    private static String create(String key, boolean fromPool) {
        return given().auth().oauth2(Tokens.presales()).contentType(ContentType.JSON)
                .body(Map.of("templateKey", key, "company", "星期物流", "contacts",
                        List.of(Tenants.contact("王磊", "wl@weekday.example", "boss"))))
                .post("/api/tenants").then().statusCode(201).body("fromPool", org.hamcrest.Matchers.equalTo(fromPool))
                .extract().path("id");
    }

    /** Every template row's date (and the dates inside its fields), by its stable key. */
    private Map<String, String> dates(String tenant, String table, String keyColumn) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (var c = db.getConnection(); var st = c.createStatement()) {
            st.execute("SELECT set_config('app.tenant_id', '" + tenant + "', false)");
            String fields = table.equals("business_record") ? ", (SELECT string_agg(data->>f, ',') FROM unnest(date_fields) f)"
                    : ", ''";
            var rs = st.executeQuery("SELECT " + keyColumn + " || '#' || row_number() OVER (PARTITION BY " + keyColumn
                    + " ORDER BY occurs_at), occurs_at" + fields + " FROM " + table
                    + " WHERE tenant_id = '" + tenant + "' AND origin = 'seed' AND " + keyColumn + " IS NOT NULL");
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3));
            }
        }
        return out;
    }
}
