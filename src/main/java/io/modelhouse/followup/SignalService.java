package io.modelhouse.followup;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelhouse.common.Dates;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.tenant.AsTenant;
import io.modelhouse.tenant.Tenant;

/**
 * The signals of a tenant, kept: evaluated ({@link Signals}) and stored so that each fires once, per
 * tenant or per person, and may fire again only after it was false. The signal job evaluates every
 * active tenant; the engagement answer shows the ones active now.
 */
@ApplicationScoped
public class SignalService {

    /** A signal that is true now: when it fired, why, in both languages, and the facts behind it. */
    public record SignalView(String signal, String subject, Instant firedAt, int firedCount, String reasonZh,
            String reasonEn, String facts) {
    }

    @Inject
    EntityManager em;
    @Inject
    EngagementService engagement;
    @Inject
    ModelhouseClock clock;
    @Inject
    ObjectMapper json;
    @Inject
    FollowUpService followUps;
    @Inject
    io.modelhouse.template.TemplateService templates;

    /** A stored signal as the evaluation compares it. */
    record Stored(boolean active, String reasonZh) {
    }

    /** What one tenant's evaluation changes. */
    record Change(Tenant tenant, TemplateBundle bundle, Engagement.Result engagement, List<Signals.Signal> fired,
            List<Signals.Signal> rewritten, List<String> cleared) {
    }

    /** Evaluates the tenant's signals now and stores what changed. @return the signals that fired just now */
    @AsTenant
    @Transactional
    public List<String> evaluate(UUID tenantId) {
        lock(List.of(tenantId));
        EngagementService.Loaded l = engagement.load(tenantId);
        Map<String, String> seats = new HashMap<>();
        l.bundle().meta().roles().forEach(r -> {
            String seat = seat(r.key());
            if (seat != null) {
                seats.put(r.key(), seat);
            }
        });
        Change c = decide(l, seats, stored(List.of(tenantId)).getOrDefault(tenantId, Map.of()));
        write(List.of(c));
        return c.fired().stream().map(x -> x.key() + "|" + x.subject()).toList();
    }

    /**
     * The signal job's way: many tenants evaluated in one transaction from a few set-based reads
     * (their events through {@code mh_signal_inputs}, their people, their seats, their stored
     * signals), then only what changed written. Same decisions as {@link #evaluate}, same stored
     * state. @return how many signals fired
     */
    @Transactional
    public int evaluateMany(List<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        List<UUID> sorted = ids.stream().sorted().toList();
        lock(sorted);
        String array = uuids(sorted);
        Map<UUID, Tenant> tenants = new HashMap<>();
        // read, not managed: the many native statements of the batch would otherwise flush-check 500 entities each time
        Tenant.<Tenant> list("id in ?1", sorted).forEach(t -> {
            em.detach(t);
            tenants.put(t.id, t);
        });
        Map<UUID, List<EngagementService.Account>> people = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> accountRows = em.createNativeQuery("SELECT tenant_id, id, username, name, role_key FROM trial_account"
                + " WHERE tenant_id = ANY (CAST(:ids AS uuid[])) AND state NOT IN ('POOLED', 'CONVERTED') ORDER BY tenant_id, created_at, id")
                .setParameter("ids", array).getResultList();
        for (Object[] r : accountRows) {
            people.computeIfAbsent((UUID) r[0], k -> new ArrayList<>())
                    .add(new EngagementService.Account((UUID) r[1], (String) r[2], (String) r[3], (String) r[4]));
        }
        Map<UUID, Map<UUID, Set<LocalDate>>> days = new HashMap<>();
        Map<UUID, Map<UUID, Set<String>>> features = new HashMap<>();
        Map<UUID, Map<UUID, Set<String>>> done = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> inputs = em.createNativeQuery("SELECT tenant_id, account_id, days, deeds"
                + " FROM mh_signal_inputs(CAST(:ids AS uuid[]))").setParameter("ids", array).getResultList();
        for (Object[] r : inputs) {
            UUID t = (UUID) r[0];
            UUID who = (UUID) r[1];
            Set<LocalDate> mine = days.computeIfAbsent(t, k -> new HashMap<>()).computeIfAbsent(who,
                    k -> new java.util.HashSet<>());
            for (String d : ((String) r[2]).split(",")) {
                mine.add(LocalDate.parse(d));
            }
            var f = features.computeIfAbsent(t, k -> new HashMap<>());
            var x = done.computeIfAbsent(t, k -> new HashMap<>());
            for (String deed : ((String) r[3]).split("\u001d")) {
                String[] p = deed.split("\u001f", -1);
                EngagementService.deed(who, p[0], none(p[1]), none(p[2]), f, x);
            }
        }
        Map<UUID, Map<String, String>> seats = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> seatRows = em
                .createNativeQuery("SELECT tenant_id, role_key, name FROM mh_role_seats(CAST(:ids AS uuid[]))")
                .setParameter("ids", array).getResultList();
        seatRows.forEach(r -> seats.computeIfAbsent((UUID) r[0], k -> new HashMap<>()).put((String) r[1], (String) r[2]));
        Map<UUID, Map<String, Stored>> stored = stored(sorted);

        List<Change> changes = new ArrayList<>();
        for (UUID id : sorted) {
            Tenant t = tenants.get(id);
            if (t == null) {
                continue;
            }
            TemplateBundle bundle = templates.bundleOf(t.templateVersionId);
            Engagement.History h = EngagementService.history(bundle, clock.today(ZoneId.of(t.timeZone)),
                    people.getOrDefault(id, List.of()), days.getOrDefault(id, Map.of()), features.getOrDefault(id, Map.of()),
                    done.getOrDefault(id, Map.of()));
            changes.add(decide(new EngagementService.Loaded(t, bundle, h), seats.getOrDefault(id, Map.of()),
                    stored.getOrDefault(id, Map.of())));
        }
        write(changes);
        return changes.stream().mapToInt(c -> c.fired().size()).sum();
    }

    /** One evaluation at a time per tenant, on any node (the job, a trigger, another node): each signal fires once. */
    private void lock(List<UUID> sorted) {
        em.createNativeQuery("SELECT count(pg_advisory_xact_lock(hashtextextended('signals:' || CAST(x AS text), 0)))"
                + " FROM unnest(CAST(:ids AS uuid[])) AS x").setParameter("ids", uuids(sorted)).getSingleResult();
    }

    private Map<UUID, Map<String, Stored>> stored(List<UUID> ids) {
        Map<UUID, Map<String, Stored>> out = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT tenant_id, signal, subject, active, reason_zh FROM tenant_signal"
                + " WHERE tenant_id = ANY (CAST(:ids AS uuid[]))").setParameter("ids", uuids(ids)).getResultList();
        rows.forEach(r -> out.computeIfAbsent((UUID) r[0], k -> new HashMap<>()).put(r[1] + "|" + r[2],
                new Stored((Boolean) r[3], (String) r[4])));
        return out;
    }

    /** What is true now against what was stored: the signals that fire, those whose reason changed, those no longer true. */
    private Change decide(EngagementService.Loaded l, Map<String, String> seats, Map<String, Stored> stored) {
        Engagement.Result e = Engagement.of(l.history());
        Tenant t = l.tenant();
        ZoneId zone = ZoneId.of(t.timeZone);
        LocalDate activated = (t.activatedAt == null ? t.createdAt : t.activatedAt).atZone(zone).toLocalDate();
        List<Signals.RoleInfo> roles = new ArrayList<>();
        Map<String, String[]> titles = new HashMap<>();
        for (TemplateBundle.Role r : l.bundle().meta().roles()) {
            roles.add(new Signals.RoleInfo(r.key(), r.name().zh(), r.name().en(), r.influence(), seats.get(r.key())));
            for (int i = 0; i < r.valueMoments().size(); i++) {
                var title = r.valueMoments().get(i).title();
                titles.put(r.key() + "#" + (i + 1), new String[] { title.zh(), title.en() });
            }
        }
        l.bundle().scenarios().scenarios().forEach(s -> titles.put(s.key(), new String[] { s.title().zh(), s.title().en() }));
        List<Signals.Signal> now = Signals.evaluate(new Signals.Facts(l.history().today(), activated,
                t.expiresAt.atZone(zone).toLocalDate(), l.history(), e, roles, titles));
        List<Signals.Signal> fired = new ArrayList<>();
        List<Signals.Signal> rewritten = new ArrayList<>();
        java.util.Set<String> stillTrue = new java.util.HashSet<>();
        for (Signals.Signal s : now) {
            String key = s.key() + "|" + s.subject();
            stillTrue.add(key);
            Stored was = stored.get(key);
            if (was == null || !was.active()) {
                fired.add(s);
            } else if (!s.reasonZh().equals(was.reasonZh())) {
                rewritten.add(s);
            }
        }
        List<String> cleared = new ArrayList<>();
        stored.forEach((key, was) -> {
            if (was.active() && !stillTrue.contains(key)) {
                cleared.add(key);
            }
        });
        return new Change(t, l.bundle(), e, fired, rewritten, cleared);
    }

    /** Writes what the evaluations changed: only those signals, every tenant's engagement in one statement, the tasks. */
    private void write(List<Change> changes) {
        Timestamp at = Timestamp.from(clock.now());
        List<Object[]> upserts = new ArrayList<>();
        List<Object[]> clears = new ArrayList<>();
        for (Change c : changes) {
            for (Signals.Signal s : c.fired()) {
                upserts.add(
                        new Object[] { c.tenant().id, s.key(), s.subject(), at, s.reasonZh(), s.reasonEn(), text(s.facts()) });
            }
            for (Signals.Signal s : c.rewritten()) {
                upserts.add(
                        new Object[] { c.tenant().id, s.key(), s.subject(), at, s.reasonZh(), s.reasonEn(), text(s.facts()) });
            }
            for (String key : c.cleared()) {
                String[] k = key.split("\\|", 2);
                clears.add(new Object[] { at, c.tenant().id, k[0], k[1] });
            }
        }
        // fires when new, or true again after it was false; a signal still true keeps its time, its reason follows the facts
        Jdbc.batch(em, "INSERT INTO tenant_signal (tenant_id, signal, subject, active, fired_at, reason_zh, reason_en, facts)"
                + " VALUES (?, ?, ?, true, ?, ?, ?, CAST(? AS jsonb))"
                + " ON CONFLICT (tenant_id, signal, subject) DO UPDATE SET reason_zh = EXCLUDED.reason_zh,"
                + " reason_en = EXCLUDED.reason_en, facts = EXCLUDED.facts, active = true,"
                + " fired_at = CASE WHEN tenant_signal.active THEN tenant_signal.fired_at ELSE EXCLUDED.fired_at END,"
                + " fired_count = tenant_signal.fired_count + CASE WHEN tenant_signal.active THEN 0 ELSE 1 END,"
                + " cleared_at = CASE WHEN tenant_signal.active THEN tenant_signal.cleared_at ELSE NULL END", upserts);
        Jdbc.batch(em,
                "UPDATE tenant_signal SET active = false, cleared_at = ? WHERE tenant_id = ? AND signal = ? AND subject = ?",
                clears);
        // the engagement of every tenant of the batch, as the fleet list reads it: one statement, a column per array
        if (!changes.isEmpty()) {
            List<String> cols = List.of("ids", "score", "activity", "breadth", "depth", "coverage", "moments", "days", "roles");
            Map<String, StringBuilder> arrays = new HashMap<>();
            cols.forEach(x -> arrays.put(x, new StringBuilder()));
            for (Change c : changes) {
                var e = c.engagement();
                var k = e.components();
                Object[] values = { c.tenant().id, e.score(), k.activity(), k.breadth(), k.depth(), k.coverage(),
                        k.valueMoments(), e.activeDays(),
                        '"' + String.join(",", e.rolesActive()).replace("\\", "").replace("\"", "") + '"' };
                for (int i = 0; i < cols.size(); i++) {
                    StringBuilder sb = arrays.get(cols.get(i));
                    sb.append(sb.isEmpty() ? "{" : ",").append(values[i]);
                }
            }
            var q = em.createNativeQuery("INSERT INTO tenant_engagement (tenant_id, score, activity, breadth, depth, coverage,"
                    + " value_moments, active_days, roles_active, evaluated_at)"
                    + " SELECT x.*, :at FROM unnest(CAST(:ids AS uuid[]), CAST(:score AS int[]), CAST(:activity AS int[]),"
                    + " CAST(:breadth AS int[]), CAST(:depth AS int[]), CAST(:coverage AS int[]), CAST(:moments AS int[]),"
                    + " CAST(:days AS int[]), CAST(:roles AS text[])) AS x"
                    + " ON CONFLICT (tenant_id) DO UPDATE SET score = EXCLUDED.score, activity = EXCLUDED.activity,"
                    + " breadth = EXCLUDED.breadth, depth = EXCLUDED.depth, coverage = EXCLUDED.coverage,"
                    + " value_moments = EXCLUDED.value_moments, active_days = EXCLUDED.active_days,"
                    + " roles_active = EXCLUDED.roles_active, evaluated_at = EXCLUDED.evaluated_at")
                    .setParameter("at", at);
            cols.forEach(x -> q.setParameter(x, arrays.get(x).append('}').toString()));
            q.executeUpdate();
        }
        Map<UUID, double[]> ranks = new HashMap<>();
        for (Change c : changes) {
            ZoneId zone = ZoneId.of(c.tenant().timeZone);
            long daysLeft = Math.max(0, java.time.temporal.ChronoUnit.DAYS.between(clock.today(zone),
                    c.tenant().expiresAt.atZone(zone).toLocalDate()));
            ranks.put(c.tenant().id, new double[] { c.engagement().score(), daysLeft });
        }
        followUps.afterEvaluations(
                changes.stream().map(c -> new FollowUpService.Evaluated(c.tenant(), c.bundle(), c.engagement(),
                        c.fired(), c.cleared())).toList());
        followUps.rerank(ranks);
    }

    /** chr(30) is how mh_signal_inputs says "none". */
    private static String none(String s) {
        return "\u001e".equals(s) ? null : s;
    }

    private static String uuids(List<UUID> ids) {
        return "{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}";
    }

    /** The signals true now, the earliest first. */
    @Transactional
    public List<SignalView> active(UUID tenantId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT signal, subject, fired_at, fired_count, reason_zh, reason_en,"
                + " facts::text FROM tenant_signal WHERE tenant_id = :t AND active ORDER BY fired_at, signal, subject")
                .setParameter("t", tenantId).getResultList();
        List<SignalView> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new SignalView((String) r[0], (String) r[1], Dates.instant(r[2]), ((Number) r[3]).intValue(), (String) r[4],
                    (String) r[5], (String) r[6]));
        }
        return out;
    }

    /** The tenants the signal job looks at: those people are using. */
    @Transactional
    public List<UUID> activeTenants() {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("SELECT id FROM tenant WHERE state = 'ACTIVE' ORDER BY id").getResultList();
        return ids;
    }

    /** A purged tenant's signals go with it (their reasons name people). */
    @Transactional
    public void forget(UUID tenantId) {
        em.createNativeQuery("DELETE FROM tenant_signal WHERE tenant_id = :t").setParameter("t", tenantId).executeUpdate();
        em.createNativeQuery("DELETE FROM tenant_engagement WHERE tenant_id = :t").setParameter("t", tenantId).executeUpdate();
    }

    /** Who holds a role's seat in the tenant's org chart (as the tenant: row-level security). */
    private String seat(String roleKey) {
        @SuppressWarnings("unchecked")
        List<String> names = em.createNativeQuery("SELECT name FROM member WHERE role_key = :r ORDER BY sort_order LIMIT 1")
                .setParameter("r", roleKey).getResultList();
        return names.isEmpty() ? null : names.get(0);
    }

    private String text(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
