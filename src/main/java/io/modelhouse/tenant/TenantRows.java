package io.modelhouse.tenant;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Set-based work on one tenant's data-plane rows, one statement a table. Every method runs inside
 * the caller's transaction, which must have been opened as the tenant (row-level security accepts
 * only that tenant's rows); {@link #removeAll} and {@link #slide} open their own.
 */
@ApplicationScoped
public class TenantRows {

    private static final String[] DATA_TABLES = { "workspace_item", "business_record", "member", "org_unit" };

    @Inject
    EntityManager em;

    /** Removes every data-plane row of the tenant, in a transaction of its own. */
    @AsTenant
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void removeAll(UUID tenantId) {
        deleteAll(tenantId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void deleteAll(UUID tenantId) {
        for (String table : DATA_TABLES) {
            em.createNativeQuery("DELETE FROM " + table + " WHERE tenant_id = :t").setParameter("t", tenantId).executeUpdate();
        }
    }

    /** Removes the template's rows only (origin 'seed'); what the prospect made, contact seats included, stays. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deleteSeed(UUID tenantId) {
        for (String table : DATA_TABLES) {
            em.createNativeQuery("DELETE FROM " + table + " WHERE tenant_id = :t AND origin = 'seed'")
                    .setParameter("t", tenantId)
                    .executeUpdate();
        }
    }

    /** Replaces the company placeholder of a pooled tenant's rows with the prospect's company. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyCompany(UUID tenantId, String company) {
        em.createNativeQuery("UPDATE org_unit SET name_zh = :c, name_en = :c WHERE tenant_id = :t AND depth = 0")
                .setParameter("c", company).setParameter("t", tenantId).executeUpdate();
        em.createNativeQuery("""
                UPDATE business_record SET title = replace(title, '{{company}}', :c)
                WHERE tenant_id = :t AND title LIKE '%{{company}}%'""")
                .setParameter("c", company).setParameter("t", tenantId).executeUpdate();
        em.createNativeQuery("""
                UPDATE workspace_item SET title = replace(title, '{{company}}', :c), body = replace(body, '{{company}}', :c)
                WHERE tenant_id = :t AND (title LIKE '%{{company}}%' OR body LIKE '%{{company}}%')""")
                .setParameter("c", company).setParameter("t", tenantId).executeUpdate();
    }

    /**
     * Moves the template's rows of a tenant by whole days (origin 'seed' only: what the prospect
     * made keeps its dates), and the tenant's clock anchor with them. Used when a pooled tenant built
     * on an earlier day is assigned, and by the nightly data-clock slide (whole weeks, so weekdays
     * stay weekdays).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void shiftSeedDates(UUID tenantId, int days) {
        if (days == 0) {
            return;
        }
        em.createNativeQuery("""
                UPDATE business_record SET occurs_at = occurs_at + make_interval(days => :d),
                       data = CASE WHEN date_fields IS NULL THEN data ELSE mh_shift_fields(data, date_fields, :d) END
                WHERE tenant_id = :t AND origin = 'seed'""")
                .setParameter("d", days).setParameter("t", tenantId).executeUpdate();
        em.createNativeQuery("UPDATE workspace_item SET occurs_at = occurs_at + make_interval(days => :d) "
                + "WHERE tenant_id = :t AND origin = 'seed'")
                .setParameter("d", days).setParameter("t", tenantId).executeUpdate();
        em.createNativeQuery("UPDATE tenant SET clock_anchor = clock_anchor + :d WHERE id = :id")
                .setParameter("d", days).setParameter("id", tenantId).executeUpdate();
    }

    /** The nightly data-clock slide of one tenant, in a transaction of its own. */
    @AsTenant
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void slide(UUID tenantId, int days) {
        shiftSeedDates(tenantId, days);
    }

    /** The day the tenant's relative dates are now resolved against (after a clone). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void anchorClock(UUID tenantId, LocalDate day) {
        em.createNativeQuery("UPDATE tenant SET clock_anchor = :d WHERE id = :id").setParameter("d", day)
                .setParameter("id", tenantId)
                .executeUpdate();
    }
}
