package io.modelhouse.lifecycle.conversion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.modelhouse.common.Audit;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.followup.FollowUpService;
import io.modelhouse.tenant.AsTenant;
import io.modelhouse.tenant.Tenant;
import io.modelhouse.tenant.TenantService;
import io.modelhouse.tenant.TenantState;

/**
 * The trial's good end: conversion (the deal is won; the clock no longer expires or purges the
 * tenant) and move-in (the template's people, records and messages leave; the configuration and what
 * the prospect made stay; the customer's own org chart comes in).
 */
@ApplicationScoped
public class TenantConversion {

    /** What a move-in did. */
    public record MoveIn(UUID tenantId, int units, int people, int seatsMatched, Map<String, Integer> removed) {
    }

    @Inject
    TenantService tenants;
    @Inject
    FollowUpService followUps;
    @Inject
    Audit audit;
    @Inject
    ModelhouseClock clock;
    @Inject
    EntityManager em;

    /** State CONVERTED, tasks closed, the CRM told; one transaction. @return the state before */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public TenantState convert(UUID id, String actor) {
        TenantState was = tenants.convert(id, actor);
        if (was != TenantState.CONVERTED) {
            followUps.converted(tenants.requireManaged(id), actor);
        }
        return was;
    }

    // Seed rows of these kinds are the tenant's configuration and stay; every other seed item goes.
    private static final String CONFIGURATION = "('channel', 'approval_flow', 'integration')";

    /**
     * Move-in, in one transaction as the tenant: readers see the model house as it was until it
     * commits, then the customer's. The CSV is read (and refused, naming its lines) before anything
     * changes; a tenant that is not converted is refused first. People of the trial who are in the CSV (same mail) keep their
     * seat and take the
     * CSV's department and position; the other seats move to the company's top unit.
     */
    @AsTenant
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public MoveIn moveIn(UUID id, String csv, String actor) {
        Tenant t = tenants.lockConverted(id);
        List<OrgChartCsv.Person> people = OrgChartCsv.parse(csv);
        Map<String, Integer> removed = new LinkedHashMap<>();
        // set-based, one statement each, in an order that never leaves a dangling reference: what
        // points at a seed person is detached first, then the seed rows go (the root unit and the
        // configuration kinds excepted)
        update("UPDATE business_record SET member_id = NULL WHERE tenant_id = :t AND member_id IN"
                + " (SELECT id FROM member WHERE tenant_id = :t AND origin = 'seed')", id);
        update("UPDATE workspace_item SET member_id = NULL WHERE tenant_id = :t AND member_id IN"
                + " (SELECT id FROM member WHERE tenant_id = :t AND origin = 'seed')", id);
        removed.put("business_record", update("DELETE FROM business_record WHERE tenant_id = :t AND origin = 'seed'", id));
        removed.put("workspace_item", update("DELETE FROM workspace_item WHERE tenant_id = :t AND origin = 'seed'"
                + " AND kind NOT IN " + CONFIGURATION, id));
        removed.put("member", update("DELETE FROM member WHERE tenant_id = :t AND origin = 'seed'", id));
        UUID root = (UUID) em.createNativeQuery("SELECT id FROM org_unit WHERE tenant_id = :t AND depth = 0"
                + " ORDER BY sort_order LIMIT 1").setParameter("t", id).getSingleResult();
        update("UPDATE member SET org_unit_id = CAST('" + root + "' AS uuid) WHERE tenant_id = :t AND org_unit_id IN"
                + " (SELECT id FROM org_unit WHERE tenant_id = :t AND origin = 'seed' AND depth > 0)", id);
        removed.put("org_unit", update("DELETE FROM org_unit WHERE tenant_id = :t AND origin = 'seed' AND depth > 0", id));

        // the customer's units: one per distinct path prefix, in the order the CSV first names them
        Map<String, UUID> units = new LinkedHashMap<>();
        List<Object[]> unitRows = new ArrayList<>();
        for (OrgChartCsv.Person p : people) {
            UUID parent = root;
            StringBuilder path = new StringBuilder();
            for (int depth = 0; depth < p.department().size(); depth++) {
                path.append('/').append(p.department().get(depth));
                UUID parentId = parent;
                int d = depth + 1;
                String name = p.department().get(depth);
                parent = units.computeIfAbsent(path.toString(), k -> {
                    UUID u = UUID.randomUUID();
                    unitRows.add(new Object[] { u, parentId, name, d, units.size() });
                    return u;
                });
            }
        }
        for (Object[] u : unitRows) {
            em.createNativeQuery("INSERT INTO org_unit (tenant_id, id, parent_id, unit_key, name_zh, name_en, depth,"
                    + " sort_order, origin) VALUES (:t, :id, :parent, NULL, :name, :name, :depth, :sort, 'prospect')")
                    .setParameter("t", id).setParameter("id", u[0]).setParameter("parent", u[1]).setParameter("name", u[2])
                    .setParameter("depth", u[3]).setParameter("sort", u[4]).executeUpdate();
        }

        // the trial's seats (origin 'prospect') by mail, so that a person in the CSV is not doubled
        Map<String, UUID> seats = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> seatRows = em.createNativeQuery("SELECT lower(email), id FROM member WHERE tenant_id = :t")
                .setParameter("t", id).getResultList();
        seatRows.forEach(r -> seats.putIfAbsent((String) r[0], (UUID) r[1]));
        int matched = 0;
        int order = 0;
        for (OrgChartCsv.Person p : people) {
            UUID unit = units.get("/" + String.join("/", p.department()));
            UUID seat = seats.get(p.email().toLowerCase(Locale.ROOT));
            if (seat != null) {
                matched++;
                em.createNativeQuery("UPDATE member SET org_unit_id = :u, name = :n, title_zh = :p, title_en = :p,"
                        + " sort_order = :o WHERE tenant_id = :t AND id = :id").setParameter("u", unit)
                        .setParameter("n", p.name())
                        .setParameter("p", p.position()).setParameter("o", order++).setParameter("t", id)
                        .setParameter("id", seat)
                        .executeUpdate();
                continue;
            }
            em.createNativeQuery("INSERT INTO member (tenant_id, id, org_unit_id, name, name_latin, title_zh, title_en,"
                    + " role_key, email, phone, sort_order, origin) VALUES (:t, :id, :u, :n, :n, :p, :p, NULL, :e, '', :o,"
                    + " 'prospect')").setParameter("t", id).setParameter("id", UUID.randomUUID()).setParameter("u", unit)
                    .setParameter("n", p.name()).setParameter("p", p.position()).setParameter("e", p.email())
                    .setParameter("o", order++).executeUpdate();
        }
        t.movedInAt = clock.now();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("units", unitRows.size());
        detail.put("people", people.size());
        detail.put("seatsMatched", matched);
        detail.put("removed", removed);
        audit.record(actor, "tenant.move-in", id, detail);
        return new MoveIn(id, unitRows.size(), people.size(), matched, removed);
    }

    private int update(String sql, UUID tenant) {
        return em.createNativeQuery(sql).setParameter("t", tenant).executeUpdate();
    }
}
