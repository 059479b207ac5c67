package io.modelhouse.followup;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** Evaluates the tenant's signals now and stores what changed. @return the signals that fired just now */
    @AsTenant
    @Transactional
    public List<String> evaluate(UUID tenantId) {
        // one evaluation of a tenant at a time, on any node (the job, a trigger, another node): each
        // signal fires once, its task is made once and the CRM hears of it once
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended('signals:' || CAST(:t AS text), 0))")
                .setParameter("t", tenantId).getSingleResult();
        EngagementService.Loaded l = engagement.load(tenantId);
        Engagement.Result e = Engagement.of(l.history());
        Tenant t = l.tenant();
        ZoneId zone = ZoneId.of(t.timeZone);
        LocalDate activated = (t.activatedAt == null ? t.createdAt : t.activatedAt).atZone(zone).toLocalDate();
        List<Signals.RoleInfo> roles = new ArrayList<>();
        Map<String, String[]> titles = new HashMap<>();
        for (TemplateBundle.Role r : l.bundle().meta().roles()) {
            roles.add(new Signals.RoleInfo(r.key(), r.name().zh(), r.name().en(), r.influence(), seat(r.key())));
            for (int i = 0; i < r.valueMoments().size(); i++) {
                var title = r.valueMoments().get(i).title();
                titles.put(r.key() + "#" + (i + 1), new String[] { title.zh(), title.en() });
            }
        }
        l.bundle().scenarios().scenarios().forEach(s -> titles.put(s.key(), new String[] { s.title().zh(), s.title().en() }));
        List<Signals.Signal> now = Signals.evaluate(new Signals.Facts(l.history().today(), activated,
                t.expiresAt.atZone(zone).toLocalDate(), l.history(), e, roles, titles));

        Map<String, Boolean> stored = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT signal, subject, active FROM tenant_signal WHERE tenant_id = :t")
                .setParameter("t", tenantId).getResultList();
        rows.forEach(r -> stored.put(r[0] + "|" + r[1], (Boolean) r[2]));
        Timestamp at = Timestamp.from(clock.now());
        List<String> fired = new ArrayList<>();
        List<Signals.Signal> firedSignals = new ArrayList<>();
        List<String> cleared = new ArrayList<>();
        List<String> stillTrue = new ArrayList<>();
        for (Signals.Signal s : now) {
            String key = s.key() + "|" + s.subject();
            stillTrue.add(key);
            Boolean active = stored.get(key);
            // fires when new, or true again after it was false; a signal still true keeps its time, its reason follows the facts
            em.createNativeQuery(
                    "INSERT INTO tenant_signal (tenant_id, signal, subject, active, fired_at, reason_zh, reason_en,"
                            + " facts) VALUES (:t, :s, :sub, true, :at, :zh, :en, CAST(:facts AS jsonb))"
                            + " ON CONFLICT (tenant_id, signal, subject) DO UPDATE SET reason_zh = EXCLUDED.reason_zh,"
                            + " reason_en = EXCLUDED.reason_en, facts = EXCLUDED.facts, active = true,"
                            + " fired_at = CASE WHEN tenant_signal.active THEN tenant_signal.fired_at ELSE EXCLUDED.fired_at END,"
                            + " fired_count = tenant_signal.fired_count + CASE WHEN tenant_signal.active THEN 0 ELSE 1 END,"
                            + " cleared_at = CASE WHEN tenant_signal.active THEN tenant_signal.cleared_at ELSE NULL END")
                    .setParameter("t", tenantId).setParameter("s", s.key()).setParameter("sub", s.subject())
                    .setParameter("at", at)
                    .setParameter("zh", s.reasonZh()).setParameter("en", s.reasonEn()).setParameter("facts", text(s.facts()))
                    .executeUpdate();
            if (!Boolean.TRUE.equals(active)) {
                fired.add(key);
                firedSignals.add(s);
            }
        }
        stored.forEach((key, active) -> {
            if (active && !stillTrue.contains(key)) {
                cleared.add(key);
                String[] k = key.split("\\|", 2);
                em.createNativeQuery("UPDATE tenant_signal SET active = false, cleared_at = :at"
                        + " WHERE tenant_id = :t AND signal = :s AND subject = :sub").setParameter("at", at)
                        .setParameter("t", tenantId).setParameter("s", k[0]).setParameter("sub", k[1]).executeUpdate();
            }
        });
        var c = e.components();
        em.createNativeQuery(
                "INSERT INTO tenant_engagement (tenant_id, score, activity, breadth, depth, coverage, value_moments,"
                        + " active_days, roles_active, evaluated_at) VALUES (:t, :s, :a, :b, :d, :c, :v, :days, :roles, :at)"
                        + " ON CONFLICT (tenant_id) DO UPDATE SET score = EXCLUDED.score, activity = EXCLUDED.activity,"
                        + " breadth = EXCLUDED.breadth, depth = EXCLUDED.depth, coverage = EXCLUDED.coverage,"
                        + " value_moments = EXCLUDED.value_moments, active_days = EXCLUDED.active_days,"
                        + " roles_active = EXCLUDED.roles_active, evaluated_at = EXCLUDED.evaluated_at")
                .setParameter("t", tenantId).setParameter("s", e.score()).setParameter("a", c.activity())
                .setParameter("b", c.breadth()).setParameter("d", c.depth()).setParameter("c", c.coverage())
                .setParameter("v", c.valueMoments()).setParameter("days", e.activeDays())
                .setParameter("roles", String.join(",", e.rolesActive())).setParameter("at", at).executeUpdate();
        followUps.afterEvaluation(t, l.bundle(), e, firedSignals, cleared);
        return fired;
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
