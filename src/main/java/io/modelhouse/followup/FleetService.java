package io.modelhouse.followup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.Dates;
import io.modelhouse.common.ModelhouseClock;

/**
 * The fleet as pre-sales looks at it: every model house with its owner, its stage, its engagement
 * (as the last signal evaluation stored it) and its open follow-ups, filtered; and the same rows as
 * CSV, streamed from the database cursor so that a fleet of thousands never sits in memory.
 */
@ApplicationScoped
public class FleetService {

    /** The filters of the fleet list; null or blank means "any". */
    public record Filter(String q, String templateKey, String state, String owner, Integer minScore, Integer expiringDays) {
    }

    /** A row of the fleet list. */
    public record Row(UUID id, String company, String templateKey, int templateVersion, String state, String owner,
            String salesStage, Instant createdAt, Instant expiresAt, Integer score, Integer activity, Integer breadth,
            Integer depth, Integer coverage, Integer valueMoments, Integer activeDays, String rolesActive, long openFollowUps,
            String timeZone) {
    }

    public record Page(List<Row> rows, long total) {
    }

    static final List<String> STATES = List.of("PROVISIONING", "READY", "ACTIVE", "EXPIRED", "CONVERTED", "FAILED", "PURGED");

    @Inject
    EntityManager em;
    @Inject
    ModelhouseClock clock;

    @Transactional
    public Page search(Filter f, int page, int size) {
        Query count = em.createNativeQuery("SELECT count(*) " + FROM + where(f));
        bind(count, f);
        long total = ((Number) count.getSingleResult()).longValue();
        Query q = em.createNativeQuery(SELECT + FROM + where(f) + ORDER + " LIMIT :size OFFSET :offset");
        bind(q, f);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.setParameter("size", size).setParameter("offset", page * size).getResultList();
        return new Page(rows.stream().map(FleetService::row).toList(), total);
    }

    /** The filtered fleet as CSV (UTF-8 with a byte-order mark, so that spreadsheet programs read the Chinese names right). */
    @Transactional
    public void export(Filter f, OutputStream out) {
        Query q = em.createNativeQuery(SELECT + FROM + where(f) + ORDER).setHint("org.hibernate.fetchSize", 500);
        bind(q, f);
        CsvMapper csv = new CsvMapper();
        CsvSchema schema = CsvSchema.builder().setUseHeader(true).addColumns(List.of("id", "company", "template", "state",
                "owner", "salesStage", "createdAt", "expiresAt", "score", "activity", "breadth", "depth", "coverage",
                "valueMoments", "activeDays", "rolesActive", "openFollowUps"), CsvSchema.ColumnType.STRING).build();
        try {
            out.write(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (SequenceWriter seq = csv.writer(schema).writeValues(w); @SuppressWarnings("unchecked")
            Stream<Object[]> rows = q.getResultStream()) {
                rows.map(FleetService::row).forEach(r -> {
                    try {
                        seq.write(new Object[] { r.id(), r.company(), r.templateKey() + " v" + r.templateVersion(), r.state(),
                                r.owner(), r.salesStage(), String.valueOf(r.createdAt()), String.valueOf(r.expiresAt()),
                                r.score(), r.activity(), r.breadth(),
                                r.depth(), r.coverage(), r.valueMoments(), r.activeDays(), r.rolesActive(),
                                r.openFollowUps() });
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The owners the fleet has, for the filter. */
    @Transactional
    public List<String> owners() {
        @SuppressWarnings("unchecked")
        List<String> owners = em.createNativeQuery("SELECT DISTINCT owner_email FROM tenant WHERE owner_email IS NOT NULL"
                + " AND state <> 'POOLED' ORDER BY owner_email").getResultList();
        return owners;
    }

    private static final String SELECT = "SELECT t.id, t.company, t.template_key, t.template_version, t.state, t.owner_email,"
            + " t.sales_stage, t.created_at, t.expires_at, e.score, e.activity, e.breadth, e.depth, e.coverage, e.value_moments,"
            + " e.active_days, e.roles_active, (SELECT count(*) FROM follow_up f WHERE f.tenant_id = t.id AND f.state = 'open'),"
            + " t.time_zone ";
    private static final String FROM = "FROM tenant t LEFT JOIN tenant_engagement e ON e.tenant_id = t.id";
    private static final String ORDER = " ORDER BY e.score DESC NULLS LAST, t.created_at DESC, t.id";

    private String where(Filter f) {
        List<String> w = new ArrayList<>(List.of("t.state <> 'POOLED'"));
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        if (!blank(f.q())) {
            w.add("t.company ILIKE :q");
        }
        if (!blank(f.templateKey())) {
            w.add("t.template_key = :tpl");
        }
        if (!blank(f.state())) {
            if (!STATES.contains(f.state().trim().toUpperCase())) {
                errors.add(ApiProblem.FieldError.of("state",
                        "'" + f.state() + "' is not a state; use " + String.join(", ", STATES)));
            }
            w.add("t.state = :state");
        } else {
            w.add("t.state <> 'PURGED'");
        }
        if (!blank(f.owner())) {
            w.add("t.owner_email = :owner");
        }
        if (f.minScore() != null) {
            if (f.minScore() < 0 || f.minScore() > 100) {
                errors.add(ApiProblem.FieldError.of("minScore", "a score from 0 to 100"));
            }
            w.add("coalesce(e.score, 0) >= :min");
        }
        if (f.expiringDays() != null) {
            if (f.expiringDays() < 0 || f.expiringDays() > 365) {
                errors.add(ApiProblem.FieldError.of("expiringDays", "a number of days from 0 to 365"));
            }
            w.add("t.state IN ('READY', 'ACTIVE') AND t.expires_at <= :until");
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The fleet filter is not valid", errors);
        }
        return " WHERE " + String.join(" AND ", w);
    }

    private void bind(Query q, Filter f) {
        Map<String, Object> p = new java.util.HashMap<>();
        if (!blank(f.q())) {
            p.put("q", "%" + f.q().trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (!blank(f.templateKey())) {
            p.put("tpl", f.templateKey().trim());
        }
        if (!blank(f.state())) {
            p.put("state", f.state().trim().toUpperCase());
        }
        if (!blank(f.owner())) {
            p.put("owner", f.owner().trim());
        }
        if (f.minScore() != null) {
            p.put("min", f.minScore());
        }
        if (f.expiringDays() != null) {
            p.put("until", Timestamp.from(clock.now().plus(java.time.Duration.ofDays(f.expiringDays()))));
        }
        p.forEach(q::setParameter);
    }

    private static Row row(Object[] r) {
        return new Row((UUID) r[0], (String) r[1], (String) r[2], ((Number) r[3]).intValue(), (String) r[4], (String) r[5],
                (String) r[6], Dates.instant(r[7]), Dates.instant(r[8]), num(r[9]), num(r[10]), num(r[11]), num(r[12]),
                num(r[13]),
                num(r[14]), num(r[15]), (String) r[16], ((Number) r[17]).longValue(), (String) r[18]);
    }

    private static Integer num(Object o) {
        return o == null ? null : ((Number) o).intValue();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
