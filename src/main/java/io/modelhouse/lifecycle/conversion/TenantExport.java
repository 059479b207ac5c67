package io.modelhouse.lifecycle.conversion;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.modelhouse.common.Audit;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.tenant.AsTenant;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantService;

/**
 * What the prospect made, as a zip for the customer to keep: per table one CSV and one JSON of the
 * rows their people created (origin {@code prospect}) or changed (a seed row with {@code changed_at}),
 * the integrations' settings they changed, and a manifest. The template's own rows never leave.
 * Rows are read with a cursor and written as they come, so a tenant of any size streams through a
 * fixed amount of memory.
 */
@ApplicationScoped
public class TenantExport {

    /** Each table and which of its rows are the prospect's. */
    private static final Map<String, String> TABLES = new LinkedHashMap<>();
    static {
        TABLES.put("org_unit", "origin = 'prospect'");
        TABLES.put("member", "origin = 'prospect'");
        TABLES.put("business_record", "(origin = 'prospect' OR changed_at IS NOT NULL)");
        TABLES.put("workspace_item", "(origin = 'prospect' OR changed_at IS NOT NULL)");
    }
    private static final int FETCH = 1000;

    @Inject
    EntityManager em;
    @Inject
    TenantService tenants;
    @Inject
    ObjectMapper json;
    @Inject
    Audit audit;
    @Inject
    ModelhouseClock clock;

    /** The zip's file name, e.g. {@code 顺达同城配送-prospect-2026-12-02.zip} in ASCII-safe form. */
    public String fileName(UUID id) {
        return "modelhouse-" + id + "-prospect-" + java.time.LocalDate.ofInstant(clock.now(), java.time.ZoneOffset.UTC)
                + ".zip";
    }

    /** 404 before a byte is written, for a tenant that is not there (the stream cannot turn into an error later). */
    public void check(UUID id) {
        tenants.require(id);
    }

    /** Writes the zip to {@code out}, in one transaction as the tenant (row-level security sees only its rows). */
    @AsTenant
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    // the transaction lasts as long as the client reads: a large export to a slow client needs more than the default minute
    @io.quarkus.narayana.jta.runtime.TransactionConfiguration(timeout = 1800)
    public void write(UUID id, OutputStream out, String actor) {
        Tenant t = tenants.require(id);
        List<Map<String, Object>> files = new ArrayList<>();
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        OutputStream entry = new FilterOutputStream(zip) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len); // whole buffers, not FilterOutputStream's byte at a time
            }

            @Override
            public void close() throws IOException {
                flush(); // the zip stays open for the next file
            }
        };
        try {
            for (var table : TABLES.entrySet()) {
                String sql = "SELECT * FROM " + table.getKey() + " WHERE tenant_id = ? AND " + table.getValue()
                        + " ORDER BY id";
                zip.putNextEntry(new ZipEntry(table.getKey() + ".csv"));
                long rows = stream(sql, id, new CsvRows(entry));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(table.getKey() + ".json"));
                stream(sql, id, new JsonRows(json, entry));
                zip.closeEntry();
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("table", table.getKey());
                f.put("files", List.of(table.getKey() + ".csv", table.getKey() + ".json"));
                f.put("rows", rows);
                files.add(f);
            }
            zip.putNextEntry(new ZipEntry("integrations.json"));
            long integrations = stream("SELECT item_key, data -> 'settings' AS settings, changed_at FROM workspace_item"
                    + " WHERE tenant_id = ? AND kind = 'integration' AND changed_at IS NOT NULL ORDER BY item_key", id,
                    new JsonRows(json, entry));
            zip.closeEntry();
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("tenantId", id.toString());
            manifest.put("company", t.company);
            manifest.put("template", t.templateKey);
            manifest.put("templateVersion", t.templateVersion);
            manifest.put("state", t.state.name());
            manifest.put("exportedAt", clock.now().toString());
            manifest.put("origin", "prospect");
            manifest.put("rule", "Rows the prospect's people made (origin 'prospect') or changed (changed_at set);"
                    + " the template's other rows are not included. CSV files are UTF-8 with a byte-order mark.");
            manifest.put("tables", files);
            manifest.put("integrationsChanged", integrations);
            zip.putNextEntry(new ZipEntry("manifest.json"));
            json.writerWithDefaultPrettyPrinter().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(entry,
                    manifest);
            zip.closeEntry();
            zip.finish();
            zip.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        audit.record(actor, "tenant.export", id, Map.of("origin", "prospect", "tables", files.size()));
    }

    /** Runs the query with a cursor and hands each row to {@code sink}. @return rows */
    private long stream(String sql, UUID tenant, RowSink sink) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(FETCH); // a cursor: the driver fetches in pages inside the transaction
                ps.setObject(1, tenant);
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    List<String> columns = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        columns.add(md.getColumnLabel(i));
                    }
                    sink.start(columns);
                    long n = 0;
                    while (rs.next()) {
                        Object[] row = new Object[columns.size()];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = value(rs.getObject(i + 1), md.getColumnTypeName(i + 1));
                        }
                        sink.row(row);
                        n++;
                    }
                    sink.end();
                    return n;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    private static Object value(Object v, String type) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof Timestamp ts) {
            return ts.toInstant().toString();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof BigDecimal b) {
            return b;
        }
        if (type.startsWith("json")) {
            return new RawJson(v.toString());
        }
        return v instanceof Number || v instanceof Boolean ? v : v.toString();
    }

    /** A jsonb value: embedded as JSON in the .json file, as its text in the CSV. */
    record RawJson(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    interface RowSink {
        void start(List<String> columns) throws IOException;

        void row(Object[] values) throws IOException;

        void end() throws IOException;
    }

    /** CSV with a header; tenant_id is left out (it is the manifest's). */
    static final class CsvRows implements RowSink {
        private final OutputStream out;
        private Writer writer;
        private SequenceWriter seq;
        private int skip = -1;

        CsvRows(OutputStream out) {
            this.out = out;
        }

        @Override
        public void start(List<String> columns) throws IOException {
            skip = columns.indexOf("tenant_id");
            CsvSchema.Builder b = CsvSchema.builder().setUseHeader(true);
            for (String c : columns) {
                if (!c.equals("tenant_id")) {
                    b.addColumn(c);
                }
            }
            out.write(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
            writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            seq = new CsvMapper().writer(b.build()).writeValues(writer);
        }

        @Override
        public void row(Object[] values) throws IOException {
            List<Object> cells = new ArrayList<>(values.length);
            for (int i = 0; i < values.length; i++) {
                if (i != skip) {
                    Object v = values[i];
                    cells.add(v == null ? null : v instanceof BigDecimal b ? b.toPlainString() : v.toString());
                }
            }
            seq.write(cells.toArray());
        }

        @Override
        public void end() throws IOException {
            seq.close(); // flushes through the writer; the entry stream ignores the close
        }
    }

    /** A JSON array of objects; jsonb columns embedded as JSON. */
    static final class JsonRows implements RowSink {
        private final ObjectMapper json;
        private final OutputStream out;
        private JsonGenerator gen;
        private List<String> columns;

        JsonRows(ObjectMapper json, OutputStream out) {
            this.json = json;
            this.out = out;
        }

        @Override
        public void start(List<String> columns) throws IOException {
            this.columns = columns;
            gen = json.getFactory().createGenerator(out);
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            gen.writeStartArray();
        }

        @Override
        public void row(Object[] values) throws IOException {
            gen.writeStartObject();
            for (int i = 0; i < values.length; i++) {
                String c = columns.get(i);
                if (c.equals("tenant_id")) {
                    continue;
                }
                gen.writeFieldName(c);
                Object v = values[i];
                if (v instanceof RawJson raw) {
                    gen.writeRawValue(raw.text());
                } else {
                    json.writeValue(gen, v);
                }
            }
            gen.writeEndObject();
        }

        @Override
        public void end() throws IOException {
            gen.writeEndArray();
            gen.close();
        }
    }
}
