package io.modelhouse.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.LocalStackResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The data plane is ready to be distributed by {@code tenant_id} (Citus: co-located tables, a shard
 * per tenant range), read off the migrated catalog of plain PostgreSQL and off the code: every
 * data-plane table (row-level security on {@code tenant_id}) has {@code tenant_id} in its primary
 * key and in every unique index, every foreign key between data-plane tables carries
 * {@code tenant_id}, and no query of the code joins data-plane tables on anything but the same
 * tenant. Citus itself is not in this machine's package sources, so this is what can be proven here.
 */
@QuarkusTest
class CitusReadinessTest {

    private static final String DATA_PLANE = """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relrowsecurity
              AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
            ORDER BY 1""";

    @Test
    void everyKeyAndUniqueIndexOfTheDataPlaneLeadsWithTheTenant() throws SQLException {
        List<String> tables = column(DATA_PLANE);
        assertTrue(tables.containsAll(List.of("org_unit", "member", "business_record", "workspace_item", "usage_event",
                "usage_daily")), "the data plane found: " + tables);
        List<String> wrong = new ArrayList<>();
        // primary keys and unique indexes (constraints or not) without tenant_id
        wrong.addAll(column("""
                SELECT t.relname || ': ' || i.relname FROM pg_index x
                JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                WHERE t.relname = ANY (?) AND x.indisunique
                  AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'tenant_id'
                                  AND a.attnum = ANY (x.indkey))""", tables));
        wrong.addAll(column("""
                SELECT c.relname || ': no primary key' FROM pg_class c WHERE c.relname = ANY (?)
                  AND NOT EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = c.oid AND x.indisprimary)""", tables));
        // foreign keys between data-plane tables must carry tenant_id on both sides
        wrong.addAll(column("""
                SELECT t.relname || ': ' || k.conname FROM pg_constraint k
                JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
                WHERE k.contype = 'f' AND t.relname = ANY (?) AND r.relname = ANY (?)
                  AND NOT (EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'tenant_id'
                                   AND a.attnum = ANY (k.conkey))
                       AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = r.oid AND a.attname = 'tenant_id'
                                   AND a.attnum = ANY (k.confkey)))""", tables, tables));
        assertEquals(List.of(), wrong, "keys a distribution by tenant_id cannot keep");
    }

    @Test
    void theCitusMigrationDistributesEveryDataPlaneTableAndDidNothingHere() throws Exception {
        String migration = Files.readString(Path.of("src/main/resources/db/migration/V20__citus_distribution.sql"));
        // a data-plane table made after V20 is distributed by the migration that makes it
        StringBuilder all = new StringBuilder(migration);
        try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("V(2[1-9]|[3-9]\\d)__.*\\.sql")).toList()) {
                all.append(Files.readString(f));
            }
        }
        for (String table : column(DATA_PLANE)) {
            assertTrue(all.toString().contains("create_distributed_table('" + table + "', 'tenant_id'"),
                    "V20 or the migration that made it distributes " + table + " by tenant_id");
        }
        for (String table : List.of("template", "template_version", "golden_org_unit", "golden_member", "golden_record",
                "golden_item")) {
            assertTrue(migration.contains("create_reference_table('" + table + "')"),
                    "V20 makes " + table + " a reference table");
        }
        // with modelhouse.db.citus=false (here) it ran and changed nothing: no citus functions were needed
        assertEquals(List.of("1"), column("SELECT count(*)::text FROM flyway_schema_history WHERE version = '20' AND success"));
    }

    /** A JOIN of a data-plane table in the code, and its ON condition up to the next clause. */
    private static final Pattern JOIN = Pattern.compile(
            "(?i)\\bjoin\\s+(org_unit|member|business_record|workspace_item|usage_event|usage_daily)\\b\\s*(\\w+)?\\s+on\\s+(.{0,160}?)(?=\\bwhere\\b|\\bjoin\\b|\\border\\b|\\bgroup\\b|\\)|\"\\s*;|$)");

    @Test
    void noQueryOfTheCodeJoinsDataPlaneTablesAcrossTenants() throws IOException {
        List<String> wrong = new ArrayList<>();
        int joins = 0;
        for (Path root : List.of(Path.of("src/main/java"), Path.of("src/main/resources"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".sql")).toList()) {
                    // one line per string: the text blocks and concatenations of a query read as one
                    String text = Files.readString(f).replaceAll("\"\\s*\\+\\s*\"", "").replaceAll("\\s+", " ");
                    joins += JOIN.matcher(text).results().count();
                    crossTenantJoins(text).forEach(j -> wrong.add(root.relativize(f) + ": " + j));
                }
            }
        }
        assertTrue(joins > 0, "the scan found the code's joins");
        assertEquals(List.of(), wrong, "joins of data-plane tables that do not keep to one tenant");
    }

    @Test
    void theScanFlagsAJoinThatLeavesTheTenantOut() {
        assertEquals(List.of("JOIN member ON m.id = r.member_id"),
                crossTenantJoins(
                        "SELECT r.title FROM business_record r JOIN member m ON m.id = r.member_id WHERE r.status = 'x'"));
        assertEquals(List.of(), crossTenantJoins(
                "SELECT r.title FROM business_record r JOIN member m ON m.tenant_id = r.tenant_id AND m.id = r.member_id"));
    }

    static List<String> crossTenantJoins(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = JOIN.matcher(text);
        while (m.find()) {
            if (!m.group(3).contains("tenant_id")) {
                found.add("JOIN " + m.group(1) + " ON " + m.group(3).strip());
            }
        }
        return found;
    }

    private static List<String> column(String sql, List<?>... arrays) throws SQLException {
        try (Connection c = LocalStackResource.ownerConnection(); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < arrays.length; i++) {
                st.setArray(i + 1, c.createArrayOf("text", arrays[i].toArray()));
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
