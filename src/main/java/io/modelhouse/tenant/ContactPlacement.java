package io.modelhouse.tenant;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Puts a prospect's contact into their own org chart: the first contact of a role takes over the
 * generated person sitting in that role's seat (name and mail become theirs); further contacts of
 * the same role join that unit beside it with the same title. Runs in the
 * caller's transaction (the clone's), opened as the tenant.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ContactPlacement {

    @Inject
    EntityManager em;

    /** {@link #place} in a transaction of its own, as the tenant: a colleague invited after the build. */
    @AsTenant
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public UUID placeAlone(UUID tenant, String roleKey, String name, String email) {
        return place(tenant, roleKey, name, email, name);
    }

    /** @return the member id the contact now is */
    public UUID place(UUID tenant, String roleKey, String name, String email, String latin) {
        @SuppressWarnings("unchecked")
        List<Object[]> seat = em.createNativeQuery("""
                SELECT id, origin FROM member WHERE tenant_id = :t AND role_key = :role ORDER BY sort_order LIMIT 1""")
                .setParameter("t", tenant).setParameter("role", roleKey).getResultList();
        if (seat.isEmpty()) {
            throw new IllegalStateException("template has no seat for role " + roleKey);
        }
        UUID seatId = (UUID) seat.get(0)[0];
        int taken = em.createNativeQuery("""
                UPDATE member SET name = :name, name_latin = :latin, email = :email, origin = 'prospect'
                WHERE tenant_id = :t AND id = :id AND origin = 'seed'""")
                .setParameter("name", name).setParameter("latin", latin).setParameter("email", email)
                .setParameter("t", tenant).setParameter("id", seatId).executeUpdate();
        if (taken == 1) {
            return seatId;
        }
        UUID extra = UUID.randomUUID();
        em.createNativeQuery(
                """
                        INSERT INTO member (tenant_id, id, org_unit_id, name, name_latin, title_zh, title_en, role_key, email, phone,
                                            sort_order, origin)
                        SELECT tenant_id, :id, org_unit_id, :name, :latin, title_zh, title_en, role_key, :email, '', sort_order, 'prospect'
                        FROM member WHERE tenant_id = :t AND id = :seat""")
                .setParameter("id", extra).setParameter("name", name).setParameter("latin", latin)
                .setParameter("email", email).setParameter("t", tenant).setParameter("seat", seatId).executeUpdate();
        return extra;
    }
}
