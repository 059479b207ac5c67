package io.modelhouse.provisioning;

import java.util.UUID;

import io.quarkus.hibernate.orm.panache.Panache;

/** Set-based removal of one tenant's data-plane rows; call under that tenant's context (RLS). */
final class TenantData {

    private TenantData() {
    }

    static void deleteAll(UUID tenant) {
        for (String table : new String[] { "workspace_item", "business_record", "member", "org_unit" }) {
            Panache.getEntityManager().createNativeQuery("DELETE FROM " + table + " WHERE tenant_id = :t")
                    .setParameter("t", tenant).executeUpdate();
        }
    }
}
