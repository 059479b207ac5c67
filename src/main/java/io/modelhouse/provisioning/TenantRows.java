package io.modelhouse.provisioning;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantContext;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The database side of provisioning, one committed transaction per call, so the tenant row always
 * tells how far a build got. Data-plane work runs under the tenant's context (row-level security).
 */
@ApplicationScoped
public class TenantRows {

    private static final String[] DATA_TABLES = { "workspace_item", "business_record", "member", "org_unit" };

    @Inject
    EntityManager em;
    @Inject
    TenantContext tenantContext;
    @Inject
    ModelhouseClock clock;
    @Inject
    FaultInjection faults;

    public void step(UUID tenantId, ProvisioningStep step) {
        QuarkusTransaction.requiringNew().run(() -> {
            Tenant t = Tenant.findById(tenantId);
            t.provisioningStep = step.name();
            t.stepAt = clock.now();
        });
        faults.after(step);
    }

    /** Removes every data-plane row of the tenant: set-based, one statement a table. */
    public void deleteData(UUID tenantId) {
        tenantContext.runAs(tenantId, () -> QuarkusTransaction.requiringNew().run(() -> deleteDataInTransaction(tenantId)));
    }

    void deleteDataInTransaction(UUID tenantId) {
        for (String table : DATA_TABLES) {
            em.createNativeQuery("DELETE FROM " + table + " WHERE tenant_id = :t").setParameter("t", tenantId).executeUpdate();
        }
    }

    /** Removes the template's rows only (origin 'seed'); what the prospect made, contact seats included, stays. */
    void deleteSeedDataInTransaction(UUID tenantId) {
        for (String table : DATA_TABLES) {
            em.createNativeQuery("DELETE FROM " + table + " WHERE tenant_id = :t AND origin = 'seed'").setParameter("t", tenantId)
                    .executeUpdate();
        }
    }

    /** Replaces the company placeholder of a pooled tenant's rows with the prospect's company. */
    void applyCompany(UUID tenantId, String company) {
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
     * made keeps its dates). Used when a pooled tenant built on an earlier day is assigned, and by the
     * nightly data-clock slide (whole weeks, so weekdays stay weekdays).
     */
    void shiftSeedDates(UUID tenantId, int days) {
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
    }

    public List<UUID> tenantsIn(String jpqlWhere, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> Tenant.<Tenant> list(jpqlWhere, params).stream().map(t -> t.id).toList());
    }

    LocalDate today(String zone) {
        return clock.today(java.time.ZoneId.of(zone));
    }

    Instant now() {
        return clock.now();
    }
}
