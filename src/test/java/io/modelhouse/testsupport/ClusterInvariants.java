package io.modelhouse.testsupport;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a node killed with {@code kill -9} must never leave behind, read from the database (as its
 * owner, past row-level security) and from Keycloak's admin API: for the cluster drill in the suite
 * (ClusterFailoverIT) and the cluster benchmark alike.
 */
public final class ClusterInvariants {

    private final String jdbcUrl;
    private final String keycloakUrl;

    public ClusterInvariants(int dbPort, String keycloakUrl) {
        this.jdbcUrl = "jdbc:postgresql://127.0.0.1:" + dbPort + "/modelhouse";
        this.keycloakUrl = keycloakUrl;
    }

    /** The tenant states of the companies starting with the prefix: company → state. */
    public Map<String, String> states(String companyPrefix) throws SQLException {
        return pairs("SELECT company, state FROM tenant WHERE company LIKE ? || '%'", companyPrefix);
    }

    /**
     * Half-made tenants of these companies: one still building, a READY one without its org chart,
     * people or logins, or a FAILED one with anything left (rows, Keycloak users or organization).
     * Each entry says which tenant and what is wrong.
     */
    public List<String> halfMade(String companyPrefix) throws SQLException {
        List<String> wrong = new ArrayList<>();
        String admin = Tokens.keycloakAdmin(keycloakUrl);
        try (Connection c = owner();
                PreparedStatement ps = c.prepareStatement("SELECT t.id, t.company, t.state,"
                        + " (SELECT count(*) FROM org_unit o WHERE o.tenant_id = t.id),"
                        + " (SELECT count(*) FROM member m WHERE m.tenant_id = t.id),"
                        + " (SELECT count(*) FROM business_record b WHERE b.tenant_id = t.id)"
                        + " FROM tenant t WHERE t.company LIKE ? || '%'")) {
            ps.setString(1, companyPrefix);
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                String id = rs.getString(1);
                String what = rs.getString(2) + " (" + id + ", " + rs.getString(3) + ")";
                long rows = rs.getLong(4) + rs.getLong(5) + rs.getLong(6);
                int users = keycloakUsers(admin, id);
                switch (rs.getString(3)) {
                    case "PROVISIONING" -> wrong.add(what + " is still being built");
                    case "READY" -> {
                        if (rs.getLong(4) == 0 || rs.getLong(5) == 0 || rs.getLong(6) == 0 || users == 0) {
                            wrong.add(what + " is READY with org units " + rs.getLong(4) + ", people " + rs.getLong(5)
                                    + ", records " + rs.getLong(6) + ", logins " + users);
                        }
                    }
                    case "FAILED" -> {
                        if (rows > 0 || users > 0 || hasOrganization(admin, id)) {
                            wrong.add(what + " failed but left " + rows + " rows and " + users + " logins");
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return wrong;
    }

    /**
     * How many times each event of a run was stored: events carry {@code props.run} and a
     * {@code props.seq} unique in the run. Marker → copies; an absent marker was not stored.
     */
    public Map<String, Integer> eventCopies(String run) throws SQLException {
        return counts(pairs("SELECT props->>'seq', count(*) FROM usage_event WHERE props->>'run' = ? GROUP BY 1", run));
    }

    /** Accepted events stored other than once: "seq ×copies" each. */
    public static List<String> notStoredOnce(Collection<String> accepted, Map<String, Integer> copies) {
        List<String> wrong = new ArrayList<>();
        for (String seq : accepted) {
            int n = copies.getOrDefault(seq, 0);
            if (n != 1) {
                wrong.add(seq + " ×" + n);
            }
        }
        return wrong;
    }

    /** Scheduled job runs recorded more than once for one firing since the instant (the job ledger). */
    public List<String> jobsRunTwice(Instant since) throws SQLException {
        return List.copyOf(pairs("SELECT job || ' @ ' || scheduled_at, string_agg(instance, ', ') FROM job_run"
                + " WHERE ran_at >= ? GROUP BY job, scheduled_at HAVING count(*) > 1", Timestamp.from(since)).entrySet()
                .stream().map(e -> e.getKey() + " on " + e.getValue()).toList());
    }

    /** Job runs recorded since the instant: job → runs. */
    public Map<String, Integer> jobRuns(Instant since) throws SQLException {
        return counts(pairs("SELECT job, count(*) FROM job_run WHERE ran_at >= ? GROUP BY job", Timestamp.from(since)));
    }

    /**
     * Firings since the instant that Quartz's cluster recovery fired again after their node died,
     * and the job ledger skipped: "job @ time, started on node" → re-fires skipped.
     */
    public Map<String, Integer> refiresSkipped(Instant since) throws SQLException {
        return counts(pairs("SELECT job || ' @ ' || scheduled_at || ', started on ' || instance, refires FROM job_run"
                + " WHERE ran_at >= ? AND refires > 0", Timestamp.from(since)));
    }

    /** The webhook's deliveries in the outbox: id → state (pending, delivered, dead). */
    public Map<String, String> deliveries(UUID webhook) throws SQLException {
        return pairs("SELECT id, state FROM webhook_delivery WHERE webhook_id = ?", webhook);
    }

    /** A two-column query of one parameter as a map: first column → second. */
    private Map<String, String> pairs(String sql, Object parameter) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = owner(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, parameter);
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static Map<String, Integer> counts(Map<String, String> pairs) {
        Map<String, Integer> out = new HashMap<>();
        pairs.forEach((k, v) -> out.put(k, Integer.valueOf(v)));
        return out;
    }

    private int keycloakUsers(String admin, String tenant) {
        return given().baseUri(keycloakUrl).auth().oauth2(admin).queryParam("q", "tenant_id:" + tenant)
                .get("/admin/realms/modelhouse/users").then().statusCode(200).extract().jsonPath().getList("$").size();
    }

    private boolean hasOrganization(String admin, String tenant) {
        List<String> aliases = given().baseUri(keycloakUrl).auth().oauth2(admin).queryParam("search", tenant)
                .get("/admin/realms/modelhouse/organizations").then().statusCode(200).extract().jsonPath().getList("alias");
        return aliases.contains(tenant);
    }

    private Connection owner() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "modelhouse_owner", "modelhouse-owner");
    }
}
