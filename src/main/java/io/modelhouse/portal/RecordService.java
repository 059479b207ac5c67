package io.modelhouse.portal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.workspace.BusinessRecord;
import io.modelhouse.workspace.Member;

/**
 * A prospect's records: find, page, create and edit the rows of one record type. Like every
 * query of the portal, nothing here names the tenant: the tenant discriminator and row-level
 * security keep each caller to their own rows, so another tenant's id is simply not found.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class RecordService {

    public static final int PAGE_SIZE = 25;

    @Inject
    ObjectMapper json;
    @Inject
    ModelhouseClock clock;
    @Inject
    PortalService portal;

    /** What a list shows: a search in title and reference, a status, a day range, the order, a page (0-based). */
    public record Query(String search, String status, LocalDate from, LocalDate to, boolean oldestFirst, int page) {
    }

    /**
     * One page of a record list. Native SQL, like {@link #find}: the list is the portal's busiest
     * read, and in a profile at 50 sessions a third of its time was Hibernate translating the HQL
     * anew on every call (a query plan is not reused while the tenant filter is on). Row-level
     * security keeps it to the caller's tenant (the app's database role cannot bypass it).
     */
    public PortalView.RecordPage list(String type, Query q, ZoneId zone) {
        StringBuilder where = new StringBuilder(" FROM business_record WHERE record_type = :type");
        Map<String, Object> params = new HashMap<>();
        params.put("type", type);
        if (q.search() != null && !q.search().isBlank()) {
            where.append(" AND (lower(title) LIKE :q ESCAPE '\\' OR lower(ref_no) LIKE :q ESCAPE '\\')");
            params.put("q", "%" + q.search().strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%");
        }
        if (q.status() != null && !q.status().isBlank()) {
            where.append(" AND status = :status");
            params.put("status", q.status());
        }
        if (q.from() != null) {
            where.append(" AND occurs_at >= :from");
            params.put("from", java.sql.Timestamp.from(q.from().atStartOfDay(zone).toInstant()));
        }
        if (q.to() != null) {
            where.append(" AND occurs_at < :to");
            params.put("to", java.sql.Timestamp.from(q.to().plusDays(1).atStartOfDay(zone).toInstant()));
        }
        var em = BusinessRecord.getEntityManager();
        var count = em.createNativeQuery("SELECT count(*)" + where);
        params.forEach(count::setParameter);
        long total = ((Number) count.getSingleResult()).longValue();
        int page = Math.max(0, q.page());
        var rows = em.createNativeQuery(
                "SELECT *" + where + (q.oldestFirst() ? " ORDER BY occurs_at, id" : " ORDER BY occurs_at DESC, id DESC")
                        + " LIMIT " + PAGE_SIZE + " OFFSET " + ((long) page * PAGE_SIZE),
                BusinessRecord.class);
        params.forEach(rows::setParameter);
        List<PortalView.RecordView> items = ((List<?>) rows.getResultList()).stream().map(BusinessRecord.class::cast)
                .map(portal::view).toList();
        return new PortalView.RecordPage(items, page, PAGE_SIZE, total);
    }

    public Optional<PortalView.RecordView> find(String type, UUID id) {
        return byId(type, id).map(portal::view);
    }

    /** One record of a type; native SQL (the loader by id was a quarter of a record page's time under the tenant filter). */
    private Optional<BusinessRecord> byId(String type, UUID id) {
        return BusinessRecord.getEntityManager()
                .createNativeQuery("SELECT * FROM business_record WHERE id = :id AND record_type = :type", BusinessRecord.class)
                .setParameter("id", id).setParameter("type", type).getResultStream().findFirst()
                .map(BusinessRecord.class::cast);
    }

    /** The names a person field may take: the tenant's members. */
    public Set<String> people() {
        return Member.<Member> streamAll().map(m -> m.name).collect(Collectors.toSet());
    }

    /** A new record made by the prospect (origin {@code prospect}), numbered after the type's last one. */
    @Transactional
    public PortalView.RecordView create(TemplateBundle.RecordType type, RecordForm.Values v) {
        BusinessRecord r = new BusinessRecord();
        r.id = UUID.randomUUID();
        r.recordType = type.key();
        r.refNo = nextRef(type);
        r.origin = "prospect";
        r.createdAt = clock.now();
        apply(r, type, v, json.createObjectNode());
        r.persist();
        return portal.view(r);
    }

    /** The record with the form's values; empty when there is no such record of this type here. */
    @Transactional
    public Optional<PortalView.RecordView> update(TemplateBundle.RecordType type, UUID id, RecordForm.Values v) {
        Optional<BusinessRecord> found = byId(type.key(), id);
        found.ifPresent(r -> {
            apply(r, type, v, JsonColumns.object(json, r.data));
            r.changedAt = clock.now();
        });
        return found.map(portal::view);
    }

    private void apply(BusinessRecord r, TemplateBundle.RecordType type, RecordForm.Values v, ObjectNode data) {
        r.title = v.title();
        r.status = v.status();
        r.occursAt = v.occursAt();
        Map<String, String> types = new HashMap<>();
        type.fields().forEach(f -> types.put(f.key(), f.type()));
        types.keySet().forEach(data::remove); // declared fields are what the form says; others are kept
        BigDecimal amount = null;
        for (var e : v.fields().entrySet()) {
            data.set(e.getKey(), json.valueToTree(e.getValue()));
            if (amount == null && "money".equals(types.get(e.getKey()))) {
                amount = (BigDecimal) e.getValue();
            }
        }
        r.amount = amount;
        r.memberId = v.person() == null ? null
                : Member.<Member> find("name", v.person()).firstResultOptional().map(m -> m.id).orElse(null);
        r.data = JsonColumns.text(json, data);
    }

    private String nextRef(TemplateBundle.RecordType type) {
        String prefix = (type.refPrefix() == null ? type.key().toUpperCase(Locale.ROOT) : type.refPrefix()) + "-";
        String last = BusinessRecord.getEntityManager()
                .createQuery("select max(r.refNo) from BusinessRecord r where r.recordType = :t and r.refNo like :p",
                        String.class)
                .setParameter("t", type.key()).setParameter("p", prefix + "%").getSingleResult();
        long n = 0;
        if (last != null) {
            try {
                n = Long.parseLong(last.substring(prefix.length()));
            } catch (NumberFormatException e) {
                n = 0;
            }
        }
        return prefix + String.format("%06d", n + 1);
    }

    /** The form's values of a stored record, for its edit form. */
    public static Map<String, String> formOf(PortalView.RecordView r, TemplateBundle.RecordType type, ZoneId zone) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("title", r.title());
        form.put("status", r.status());
        form.put("when", RecordForm.LOCAL_MINUTES.format(r.occursAt().atZone(zone)));
        for (TemplateBundle.Field f : type.fields()) {
            JsonNode v = r.fields().get(f.key());
            String text = v == null || v.isNull() ? "" : v.asText();
            if ("date".equals(f.type()) && !text.isEmpty()) {
                try {
                    text = java.time.OffsetDateTime.parse(text).atZoneSameInstant(zone).toLocalDate().toString();
                } catch (java.time.format.DateTimeParseException e) {
                    // a plain date already
                }
            }
            form.put("f." + f.key(), text);
        }
        return form;
    }
}
