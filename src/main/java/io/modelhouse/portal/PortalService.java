package io.modelhouse.portal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.identity.Prospect;
import io.modelhouse.workspace.BusinessRecord;
import io.modelhouse.workspace.Member;
import io.modelhouse.workspace.OrgUnit;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/**
 * The prospect's view of their model house. Queries carry no tenant filter of their own: the
 * discriminator and row-level security scope them to the caller's tenant.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class PortalService {

    @Inject
    ModelhouseClock clock;
    @Inject
    ObjectMapper json;
    @Inject
    @io.quarkus.cache.CacheName("portal-numbers")
    io.quarkus.cache.Cache numbers;

    public PortalView.Me me(Prospect p) {
        return new PortalView.Me(p.tenant().id, p.tenant().company, p.tenant().templateKey, p.account().roleKey,
                p.account().name, p.tenant().expiresAt, daysLeft(p));
    }

    public java.time.Instant now() {
        return clock.now();
    }

    public long daysLeft(Prospect p) {
        long hours = Duration.between(clock.now(), p.tenant().expiresAt).toHours();
        return hours <= 0 ? 0 : (hours + 23) / 24;
    }

    public List<PortalView.OrgUnitView> orgUnits(boolean withMembers) {
        List<OrgUnit> units = OrgUnit.list("order by depth, sortOrder");
        Map<UUID, List<PortalView.MemberView>> byUnit = new LinkedHashMap<>();
        if (withMembers) {
            for (Member m : Member.<Member> list("order by sortOrder, name")) {
                byUnit.computeIfAbsent(m.orgUnitId, k -> new ArrayList<>())
                        .add(new PortalView.MemberView(m.id, m.name, m.titleZh, m.roleKey, m.email));
            }
        }
        return units.stream().map(u -> new PortalView.OrgUnitView(u.id, u.parentId, u.nameZh, u.nameEn, u.depth,
                withMembers ? byUnit.getOrDefault(u.id, List.of()) : null)).toList();
    }

    /** Parents before children, siblings in template order: the order the page draws the tree in. */
    public List<OrgUnit> unitsInTreeOrder() {
        List<OrgUnit> all = OrgUnit.list("order by depth, sortOrder");
        Map<UUID, List<OrgUnit>> children = new LinkedHashMap<>();
        OrgUnit root = null;
        for (OrgUnit u : all) {
            if (u.parentId == null) {
                root = u;
            } else {
                children.computeIfAbsent(u.parentId, k -> new ArrayList<>()).add(u);
            }
        }
        List<OrgUnit> out = new ArrayList<>();
        if (root != null) {
            walk(root, children, out);
        }
        return out;
    }

    private static void walk(OrgUnit u, Map<UUID, List<OrgUnit>> children, List<OrgUnit> out) {
        out.add(u);
        for (OrgUnit c : children.getOrDefault(u.id, List.of())) {
            walk(c, children, out);
        }
    }

    public Map<UUID, Long> headcountByUnit() {
        Map<UUID, Long> out = new LinkedHashMap<>();
        for (Object[] row : Member.getEntityManager()
                .createQuery("select m.orgUnitId, count(m) from Member m group by m.orgUnitId", Object[].class)
                .getResultList()) {
            out.put((UUID) row[0], (Long) row[1]);
        }
        return out;
    }

    public long memberCount() {
        return Member.count();
    }

    /** The dashboard's numbers: records per type and status, people in the org chart, seats taken. */
    public record Numbers(Map<String, Map<String, Long>> statusCounts, long members, long seats) {
    }

    /**
     * The dashboard's numbers, kept per tenant for a few seconds (application.properties:
     * quarkus.cache.caffeine."portal-numbers"): a profile of the dashboard under 50 sessions put the
     * counts (a group-by over a few thousand rows, the members, the seats) at an eighth of its time,
     * and they change only when someone of the tenant adds a record or a colleague, which forgets
     * them here at once ({@link #forgetNumbers}); on another node they may lag by those seconds.
     */
    public Numbers numbers(UUID tenantId, java.util.function.LongSupplier seats) {
        return numbers.get(tenantId, k -> new Numbers(statusCounts(), memberCount(), seats.getAsLong())).await()
                .indefinitely();
    }

    public void forgetNumbers(UUID tenantId) {
        numbers.invalidate(tenantId).await().indefinitely();
    }

    /** The newest records of a type, {@code total} given by the caller (the dashboard has it counted already). */
    public List<PortalView.RecordView> newest(String type, int size) {
        // native SQL: HQL is translated anew on every call under the tenant filter (RecordService.list)
        return ((List<?>) BusinessRecord.getEntityManager()
                .createNativeQuery("SELECT * FROM business_record WHERE record_type = :type ORDER BY occurs_at DESC, id DESC"
                        + " LIMIT " + size, BusinessRecord.class)
                .setParameter("type", type).getResultList()).stream().map(BusinessRecord.class::cast).map(this::view).toList();
    }

    public PortalView.RecordPage records(String type, int page, int size) {
        var query = type == null || type.isBlank()
                ? BusinessRecord.<BusinessRecord> findAll(Sort.descending("occursAt"))
                : BusinessRecord.<BusinessRecord> find("recordType", Sort.descending("occursAt"), type);
        long total = query.count();
        List<PortalView.RecordView> items = query.page(Page.of(page, size)).list().stream().map(this::view).toList();
        return new PortalView.RecordPage(items, page, size, total);
    }

    /** Records per type and status: the dashboard's counts, from the tenant's own rows. */
    public Map<String, Map<String, Long>> statusCounts() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (Object[] row : BusinessRecord.getEntityManager().createQuery(
                "select r.recordType, r.status, count(r) from BusinessRecord r group by r.recordType, r.status", Object[].class)
                .getResultList()) {
            out.computeIfAbsent((String) row[0], k -> new LinkedHashMap<>()).put((String) row[1], (Long) row[2]);
        }
        return out;
    }

    /** A stored record as pages and the API show it (its fields parsed; unreadable fields shown as none). */
    PortalView.RecordView view(BusinessRecord r) {
        JsonNode fields;
        try {
            fields = json.readTree(r.data);
        } catch (Exception e) {
            fields = json.createObjectNode();
        }
        return new PortalView.RecordView(r.id, r.recordType, r.refNo, r.title, r.status, r.occursAt, r.amount, fields,
                r.origin);
    }
}
