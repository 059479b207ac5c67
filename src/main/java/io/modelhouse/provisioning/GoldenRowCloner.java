package io.modelhouse.provisioning;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Copies a published version's golden rows into one tenant with four {@code INSERT ... SELECT}s —
 * never per-row inserts. Must run inside a transaction opened under the tenant's context, because
 * row-level security only accepts rows of the tenant set on the connection.
 *
 * Ids: a tenant row's uuid is derived from (tenant, kind, local id) with md5, so parent and member
 * references are remapped in the same statement with no lookup table, and two tenants never share
 * an id. Dates: {@code mh_resolve_date} re-anchors each relative date on the tenant's today.
 */
@ApplicationScoped
public class GoldenRowCloner {

    private static final String UNITS = """
            INSERT INTO org_unit (tenant_id, id, parent_id, unit_key, name_zh, name_en, depth, sort_order, origin)
            SELECT :tenant, md5(:tenantText || ':u:' || g.local_id)::uuid,
                   CASE WHEN g.parent_local_id IS NULL THEN NULL ELSE md5(:tenantText || ':u:' || g.parent_local_id)::uuid END,
                   g.unit_key,
                   CASE WHEN g.depth = 0 THEN :company ELSE g.name_zh END,
                   CASE WHEN g.depth = 0 THEN :company ELSE g.name_en END,
                   g.depth, g.sort_order, 'seed'
            FROM golden_org_unit g WHERE g.version_id = :version
            """;

    private static final String MEMBERS = """
            INSERT INTO member (tenant_id, id, org_unit_id, name, name_latin, title_zh, title_en, role_key, email, phone,
                                sort_order, origin)
            SELECT :tenant, md5(:tenantText || ':m:' || g.local_id)::uuid, md5(:tenantText || ':u:' || g.unit_local_id)::uuid,
                   g.name, g.name_latin, g.title_zh, g.title_en, g.role_key, g.email_local || '@' || :mailDomain, g.phone,
                   g.sort_order, 'seed'
            FROM golden_member g WHERE g.version_id = :version
            """;

    private static final String RECORDS = """
            INSERT INTO business_record (tenant_id, id, record_type, ref_no, title, status, occurs_at, member_id, amount,
                                         data, date_fields, origin, created_at)
            SELECT :tenant, md5(:tenantText || ':r:' || g.local_id)::uuid, g.record_type, g.ref_no,
                   replace(g.title, '{{company}}', :company), g.status,
                   mh_resolve_date(g.at_anchor, g.at_days, g.at_minutes, g.at_workday, :today, :now, :tz),
                   CASE WHEN g.member_local_id IS NULL THEN NULL ELSE md5(:tenantText || ':m:' || g.member_local_id)::uuid END,
                   g.amount,
                   CASE WHEN g.date_fields IS NULL THEN g.data ELSE mh_resolve_fields(g.data, g.date_fields, :today, :now, :tz) END,
                   g.date_fields, 'seed', :now
            FROM golden_record g WHERE g.version_id = :version
            """;

    private static final String ITEMS = """
            INSERT INTO workspace_item (tenant_id, id, parent_id, kind, item_key, title, body, status, occurs_at, member_id,
                                        amount, data, origin, created_at)
            SELECT :tenant, md5(:tenantText || ':i:' || g.local_id)::uuid,
                   CASE WHEN g.parent_local_id IS NULL THEN NULL ELSE md5(:tenantText || ':i:' || g.parent_local_id)::uuid END,
                   g.kind, g.item_key, replace(g.title, '{{company}}', :company), replace(g.body, '{{company}}', :company),
                   g.status, mh_resolve_date(g.at_anchor, g.at_days, g.at_minutes, g.at_workday, :today, :now, :tz),
                   CASE WHEN g.member_local_id IS NULL THEN NULL ELSE md5(:tenantText || ':m:' || g.member_local_id)::uuid END,
                   g.amount, g.data, 'seed', :now
            FROM golden_item g WHERE g.version_id = :version
            """;

    /*
     * A pooled tenant claimed on a later day: each template row's dates are resolved again from its
     * golden row for the day of the claim, exactly as a fresh clone would resolve them (shifting by
     * the days in between would move "workday" dates onto weekends). Rows are matched by the ids the
     * clone derived from the golden rows; only template rows (origin 'seed') change.
     */
    private static final String REDATE_RECORDS = """
            UPDATE business_record b
            SET occurs_at = mh_resolve_date(g.at_anchor, g.at_days, g.at_minutes, g.at_workday, :today, :now, :tz),
                data = CASE WHEN g.date_fields IS NULL THEN b.data
                            ELSE mh_resolve_fields(g.data, g.date_fields, :today, :now, :tz) END
            FROM golden_record g
            WHERE g.version_id = :version AND b.tenant_id = :tenant AND b.origin = 'seed'
              AND b.id = md5(:tenantText || ':r:' || g.local_id)::uuid
            """;

    private static final String REDATE_ITEMS = """
            UPDATE workspace_item w
            SET occurs_at = mh_resolve_date(g.at_anchor, g.at_days, g.at_minutes, g.at_workday, :today, :now, :tz)
            FROM golden_item g
            WHERE g.version_id = :version AND w.tenant_id = :tenant AND w.origin = 'seed'
              AND w.id = md5(:tenantText || ':i:' || g.local_id)::uuid
            """;

    @Inject
    EntityManager em;

    /** Resolves the tenant's template dates again for {@code today} (in the caller's transaction, as the tenant). */
    public void redate(UUID tenant, long versionId, LocalDate today, Instant now, String tz) {
        for (String sql : new String[] { REDATE_RECORDS, REDATE_ITEMS }) {
            em.createNativeQuery(sql).setParameter("tenant", tenant).setParameter("tenantText", tenant.toString())
                    .setParameter("version", versionId).setParameter("today", today).setParameter("now", now)
                    .setParameter("tz", tz).executeUpdate();
        }
    }

    public record Counts(int units, int members, int records, int items) {
    }

    public Counts cloneInto(UUID tenant, long versionId, String company, String mailDomain, LocalDate today, Instant now,
            String tz) {
        return cloneInto(tenant, versionId, company, mailDomain, today, now, tz, false);
    }

    /** @param skipExisting for a refresh: rows whose id still exists (the prospect's contact seats) are kept as they are */
    public Counts cloneInto(UUID tenant, long versionId, String company, String mailDomain, LocalDate today, Instant now,
            String tz,
            boolean skipExisting) {
        String tail = skipExisting ? " ON CONFLICT (tenant_id, id) DO NOTHING" : "";
        int units = em.createNativeQuery(UNITS + tail)
                .setParameter("tenant", tenant).setParameter("tenantText", tenant.toString())
                .setParameter("company", company).setParameter("version", versionId)
                .executeUpdate();
        int members = em.createNativeQuery(MEMBERS + tail)
                .setParameter("tenant", tenant).setParameter("tenantText", tenant.toString())
                .setParameter("mailDomain", mailDomain).setParameter("version", versionId)
                .executeUpdate();
        int records = em.createNativeQuery(RECORDS + tail)
                .setParameter("tenant", tenant).setParameter("tenantText", tenant.toString())
                .setParameter("company", company).setParameter("version", versionId)
                .setParameter("today", today).setParameter("now", now).setParameter("tz", tz)
                .executeUpdate();
        int items = em.createNativeQuery(ITEMS + tail)
                .setParameter("tenant", tenant).setParameter("tenantText", tenant.toString())
                .setParameter("company", company).setParameter("version", versionId)
                .setParameter("today", today).setParameter("now", now).setParameter("tz", tz)
                .executeUpdate();
        return new Counts(units, members, records, items);
    }
}
