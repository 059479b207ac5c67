package io.modelhouse.followup;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.Dates;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.template.TemplateBundle;
import io.modelhouse.template.TemplateService;
import io.modelhouse.tenant.Tenant;

/**
 * Follow-up tasks: the signals that fired, for the tenant's owner, ranked. A task is made (or the
 * open one refreshed) in the transaction that stores the signal, and told to the CRM in that same
 * transaction (webhook outbox). The rules are {@link FollowUps}'; src/site/markdown/follow-ups.md.
 */
@ApplicationScoped
public class FollowUpService {

    /** A suggested document in one language; {@code url} opens it in the console. */
    public record MaterialView(String key, String stage, String kind, String title, String url) {
    }

    /** A task as the queue and the API show it, in one language. */
    public record Task(UUID id, UUID tenantId, String company, String templateKey, String owner, String signal, String subject,
            String state, double priority, int weight, String stage, String reason, String why, String suggestion,
            List<MaterialView> material, Instant createdAt, Instant updatedAt, Instant snoozedUntil, Instant completedAt,
            String completedBy, String outcome, Instant expiresAt) {
    }

    /** {@code POST /api/follow-ups/{id}/complete}. */
    public record Complete(@NotBlank(message = "outcome is required: what came of it") @Size(max = 1000) String outcome) {
    }

    /** {@code POST /api/follow-ups/{id}/snooze}. */
    public record Snooze(@NotNull(message = "until is required (an ISO date-time, e.g. 2026-12-05T09:00:00Z)") Instant until) {
    }

    /** The longest a task may be snoozed. */
    static final Duration SNOOZE_MAX = Duration.ofDays(30);

    @Inject
    EntityManager em;
    @Inject
    ModelhouseClock clock;
    @Inject
    ObjectMapper json;
    @Inject
    TemplateService templates;
    @Inject
    WebhookService webhooks;

    /** One tenant's evaluation, as the tasks need it. */
    record Evaluated(Tenant tenant, TemplateBundle bundle, Engagement.Result engagement, List<Signals.Signal> fired,
            List<String> cleared) {
    }

    /**
     * After tenants' signals were evaluated (same transaction): a task for each signal that fired, or
     * the open one refreshed; the open tasks of signals no longer true closed ("cleared"); the CRM told
     * (webhook outbox). Set-based for a batch of tenants: a few reads, then the writes as JDBC batches
     * (a first pass over a fleet fires thousands of signals at once).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void afterEvaluations(List<Evaluated> items) {
        List<Evaluated> busy = items.stream().filter(x -> !x.fired().isEmpty() || !x.cleared().isEmpty()).toList();
        if (busy.isEmpty()) {
            return;
        }
        Instant now = clock.now();
        Timestamp at = Timestamp.from(now);
        String ids = "{" + String.join(",", busy.stream().map(x -> x.tenant().id.toString()).toList()) + "}";
        Map<UUID, java.util.Set<String>> firedEver = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> signalRows = em.createNativeQuery("SELECT DISTINCT tenant_id, signal FROM tenant_signal"
                + " WHERE tenant_id = ANY (CAST(:ids AS uuid[]))").setParameter("ids", ids).getResultList();
        signalRows.forEach(r -> firedEver.computeIfAbsent((UUID) r[0], k -> new HashSet<>()).add((String) r[1]));
        Map<String, UUID> open = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> openRows = em
                .createNativeQuery("SELECT tenant_id, signal, subject, id FROM follow_up WHERE state = 'open'"
                        + " AND tenant_id = ANY (CAST(:ids AS uuid[]))")
                .setParameter("ids", ids).getResultList();
        openRows.forEach(r -> open.put(r[0] + "|" + r[1] + "|" + r[2], (UUID) r[3]));

        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> refreshed = new ArrayList<>();
        List<Object[]> closed = new ArrayList<>();
        List<WebhookService.Outgoing> events = new ArrayList<>();
        for (Evaluated x : busy) {
            Tenant t = x.tenant();
            ZoneId zone = ZoneId.of(t.timeZone);
            long daysLeft = Math.max(0,
                    ChronoUnit.DAYS.between(now.atZone(zone).toLocalDate(), t.expiresAt.atZone(zone).toLocalDate()));
            String stage = t.salesStage != null ? t.salesStage : FollowUps.derivedStage(firedEver.getOrDefault(t.id, Set.of()));
            List<FollowUps.Doc> docs = docs(x.bundle());
            Map<String, Object> tenantPart = tenantPart(t, stage);
            for (Signals.Signal s : x.fired()) {
                String influence = influence(x.bundle(), s);
                String person = s.facts().get("person") instanceof String p ? p : null;
                FollowUps.Advice a = FollowUps.advise(s.key(), person, x.engagement().score(), daysLeft, docs, stage,
                        influence);
                UUID existing = open.get(t.id + "|" + s.key() + "|" + s.subject());
                UUID id = existing == null ? UUID.randomUUID() : existing;
                if (existing == null) {
                    inserts.add(
                            new Object[] { id, t.id, s.key(), s.subject(), influence, t.ownerEmail, a.priority(), a.weight(),
                                    stage, s.reasonZh(), s.reasonEn(), a.whyZh(), a.whyEn(), a.suggestionZh(), a.suggestionEn(),
                                    text(a.material()), at, at });
                } else {
                    // fired again while its task is still open: the same task, with today's reason
                    refreshed.add(new Object[] { s.reasonZh(), s.reasonEn(), at, id });
                }
                events.add(new WebhookService.Outgoing("signal.fired", t.id,
                        Map.of("tenant", tenantPart, "signal", signalPart(s, now))));
                if (existing == null) {
                    events.add(new WebhookService.Outgoing("follow_up.created", t.id,
                            Map.of("tenant", tenantPart, "followUp", taskPart(id, s, a, stage, now))));
                }
            }
            for (String key : x.cleared()) {
                String[] k = key.split("\\|", 2);
                closed.add(new Object[] { at, at, t.id, k[0], k[1] });
            }
        }
        Jdbc.batch(em,
                "INSERT INTO follow_up (id, tenant_id, signal, subject, influence, owner, state, priority, weight, stage,"
                        + " reason_zh, reason_en, why_zh, why_en, suggestion_zh, suggestion_en, material, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)",
                inserts);
        Jdbc.batch(em, "UPDATE follow_up SET reason_zh = ?, reason_en = ?, updated_at = ? WHERE id = ?", refreshed);
        Jdbc.batch(em,
                "UPDATE follow_up SET state = 'done', outcome = 'cleared', completed_by = 'modelhouse', completed_at = ?,"
                        + " updated_at = ? WHERE tenant_id = ? AND signal = ? AND subject = ? AND state = 'open'",
                closed);
        webhooks.publishAll(events);
    }

    /**
     * The open tasks ranked again (a tenant's score and days left change): one statement for all the
     * tenants of an evaluation. priority = weight × engagement × urgency, as {@link FollowUps#priority}.
     *
     * @param ranks tenant → {score, days left}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void rerank(Map<UUID, double[]> ranks) {
        if (ranks.isEmpty()) {
            return;
        }
        StringBuilder ids = new StringBuilder("{");
        StringBuilder factors = new StringBuilder("{");
        ranks.forEach((id, r) -> {
            String sep = ids.length() > 1 ? "," : "";
            double engagement = 0.5 + Math.max(0, Math.min(100, r[0])) / 100.0;
            double urgency = 1 + 2.0 / (1 + Math.max(0, r[1]));
            ids.append(sep).append(id);
            factors.append(sep).append(engagement * urgency);
        });
        em.createNativeQuery("UPDATE follow_up f SET priority = round(CAST(f.weight * x.factor * 10 AS numeric)) / 10.0"
                + " FROM unnest(CAST(:ids AS uuid[]), CAST(:factors AS float8[])) AS x(tid, factor)"
                + " WHERE f.tenant_id = x.tid AND f.state = 'open'"
                + " AND f.priority <> round(CAST(f.weight * x.factor * 10 AS numeric)) / 10.0")
                .setParameter("ids", ids.append('}').toString()).setParameter("factors", factors.append('}').toString())
                .executeUpdate();
    }

    /**
     * The queue: tasks by rank, the most urgent first.
     *
     * @param owner whose tasks (the tenant owner's mail or username), null or blank for everybody's
     * @param state open (not snoozed now), snoozed, done, or all
     */
    @Transactional
    public List<Task> queue(String owner, String state, UUID tenantId, String templateKey, int limit, Locale locale) {
        return queue(owner, state, tenantId, templateKey, limit, 0, locale);
    }

    /** A page of the queue: {@code limit} tasks after the first {@code offset}. */
    @Transactional
    public List<Task> queue(String owner, String state, UUID tenantId, String templateKey, int limit, int offset,
            Locale locale) {
        String st = state == null || state.isBlank() ? "open" : state;
        if (!List.of("open", "snoozed", "done", "all").contains(st)) {
            throw ApiProblem.invalid("state must be open, snoozed, done or all",
                    List.of(ApiProblem.FieldError.of("state", "'" + st + "' is not a state; use open, snoozed, done or all")));
        }
        String where = switch (st) {
            case "open" -> "f.state = 'open' AND (f.snoozed_until IS NULL OR f.snoozed_until <= :now)";
            case "snoozed" -> "f.state = 'open' AND f.snoozed_until > :now";
            case "done" -> "f.state = 'done'";
            default -> "true";
        };
        String order = st.equals("done") ? "f.completed_at DESC" : "f.priority DESC, f.created_at";
        // only the filters given, so that the planner can use the owner's index (not "(:owner = '' OR ...)")
        StringBuilder sql = new StringBuilder(SELECT + " WHERE " + where);
        Map<String, Object> params = new HashMap<>();
        if (where.contains(":now")) {
            params.put("now", Timestamp.from(clock.now()));
        }
        if (owner != null && !owner.isBlank()) {
            sql.append(" AND f.owner = :owner");
            params.put("owner", owner.trim());
        }
        if (tenantId != null) {
            sql.append(" AND f.tenant_id = :tenant");
            params.put("tenant", tenantId);
        }
        if (templateKey != null && !templateKey.isBlank()) {
            sql.append(" AND t.template_key = :tpl");
            params.put("tpl", templateKey);
        }
        var query = em.createNativeQuery(sql + " ORDER BY " + order + " LIMIT :n OFFSET :off");
        params.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.setParameter("n", limit).setParameter("off", offset).getResultList();
        boolean zh = "zh".equals(locale.getLanguage());
        return rows.stream().map(r -> task(r, zh)).toList();
    }

    @Transactional
    public Task get(UUID id, Locale locale) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(SELECT + " WHERE f.id = :id").setParameter("id", id).getResultList();
        if (rows.isEmpty()) {
            throw ApiProblem.notFound("Follow-up " + id);
        }
        return task(rows.get(0), "zh".equals(locale.getLanguage()));
    }

    /** Done, with what came of it; told to the CRM. */
    @Transactional
    public Task complete(UUID id, Complete c, String by, Locale locale) {
        Task before = get(id, locale);
        if (before.state().equals("done")) {
            throw ApiProblem.conflict("Follow-up " + id + " was already completed by " + before.completedBy() + ": "
                    + before.outcome());
        }
        Instant now = clock.now();
        em.createNativeQuery("UPDATE follow_up SET state = 'done', outcome = :o, completed_by = :by, completed_at = :at,"
                + " updated_at = :at, snoozed_until = NULL WHERE id = :id").setParameter("o", c.outcome().trim())
                .setParameter("by", by).setParameter("at", Timestamp.from(now)).setParameter("id", id).executeUpdate();
        Tenant t = Tenant.findById(before.tenantId());
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", id.toString());
        task.put("signal", before.signal());
        task.put("subject", before.subject());
        task.put("outcome", c.outcome().trim());
        task.put("completedBy", by);
        task.put("completedAt", now.toString());
        webhooks.publish("follow_up.completed", t.id, Map.of("tenant", tenantPart(t, stageOf(t)), "followUp", task));
        return get(id, locale);
    }

    /** Hidden from the open queue until then (at most 30 days ahead). */
    @Transactional
    public Task snooze(UUID id, Snooze s, Locale locale) {
        Task before = get(id, locale);
        Instant now = clock.now();
        if (before.state().equals("done")) {
            throw ApiProblem.conflict("Follow-up " + id + " is done; there is nothing to snooze");
        }
        if (!s.until().isAfter(now) || s.until().isAfter(now.plus(SNOOZE_MAX))) {
            throw ApiProblem.invalid("The follow-up was not snoozed", List.of(ApiProblem.FieldError.of("until",
                    "until must be after now (" + now + ") and at most 30 days ahead")));
        }
        em.createNativeQuery("UPDATE follow_up SET snoozed_until = :u, updated_at = :at WHERE id = :id")
                .setParameter("u", Timestamp.from(s.until())).setParameter("at", Timestamp.from(now)).setParameter("id", id)
                .executeUpdate();
        return get(id, locale);
    }

    /** The deal's stage: pre-sales', or the one the signals point at. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String stageOf(Tenant t) {
        return t.salesStage != null ? t.salesStage : derivedStage(t);
    }

    /** The stage the signals point at (what "automatic" means for this tenant). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String derivedStage(Tenant t) {
        @SuppressWarnings("unchecked")
        List<String> fired = em.createNativeQuery("SELECT DISTINCT signal FROM tenant_signal WHERE tenant_id = :t")
                .setParameter("t", t.id).getResultList();
        return FollowUps.derivedStage(new HashSet<>(fired));
    }

    /**
     * Pre-sales sets the deal's stage (null or blank: follow the signals again); the open tasks get
     * the material of the new stage.
     */
    @Transactional
    public String setStage(UUID tenantId, String stage) {
        Tenant t = Tenant.findById(tenantId);
        if (t == null) {
            throw ApiProblem.notFound("Tenant " + tenantId);
        }
        String s = stage == null || stage.isBlank() ? null : stage.trim();
        if (s != null && !FollowUps.STAGES.contains(s)) {
            throw ApiProblem.invalid("The stage was not set", List.of(ApiProblem.FieldError.of("salesStage",
                    "'" + s + "' is not a sales stage; use " + String.join(", ", FollowUps.STAGES))));
        }
        t.salesStage = s;
        String now = stageOf(t);
        List<FollowUps.Doc> docs = docs(templates.bundleOf(t.templateVersionId));
        @SuppressWarnings("unchecked")
        List<Object[]> open = em
                .createNativeQuery("SELECT id, influence FROM follow_up WHERE tenant_id = :t AND state = 'open'")
                .setParameter("t", tenantId).getResultList();
        for (Object[] r : open) {
            em.createNativeQuery("UPDATE follow_up SET stage = :s, material = CAST(:m AS jsonb) WHERE id = :id")
                    .setParameter("s", now).setParameter("m", text(FollowUps.material(docs, now, (String) r[1])))
                    .setParameter("id", r[0]).executeUpdate();
        }
        return now;
    }

    /**
     * A model house a person made for themselves from the public form: a task for its owner at once
     * (nobody from sales has spoken to them yet), in the caller's transaction.
     *
     * @param influence EB, UB or TB as the person said, or null
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void selfService(UUID tenantId, String person, String influence, String companySize) {
        String size = companySize == null || companySize.isBlank() ? "" : "，" + companySize + " 人";
        String sizeEn = companySize == null || companySize.isBlank() ? "" : ", " + companySize + " staff";
        openManual(tenantId, "self_service", tenantId.toString(), influence, person,
                new String[] { "（%s" + size + "）从官网自助申请了样板房，已经进入体验",
                        " (%s" + sizeEn + ") requested a model house on the website and is in it now",
                        "今天内给 " + person + " 打电话：了解要解决的问题，约一次 30 分钟的演示",
                        "Call " + person + " today: learn what they want solved and book a 30-minute walkthrough" });
    }

    /**
     * A colleague asked on the public form while their company already has this model house: the
     * owner decides whether to invite them (the task's subject is the request), in the caller's
     * transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void joinRequested(UUID tenantId, String person, String influence, UUID requestId) {
        openManual(tenantId, "join_requested", requestId.toString(), influence, person,
                new String[] { " 从官网申请体验，而 %s 已有这个样板房：请决定是否邀请加入",
                        " asked on the website, and %s already has this model house: decide whether to invite them in",
                        "在「体验申请」里邀请 " + person + " 加入，并告诉已在体验的同事",
                        "Invite " + person + " from Trial requests, and tell the colleagues already in it" });
    }

    /** A task no signal raised; {@code words}: reason zh, reason en (each with %s for the company), suggestion zh, en. */
    private void openManual(UUID tenantId, String signal, String subject, String influence, String person, String[] words) {
        Tenant t = Tenant.findById(tenantId);
        if (t == null || t.ownerEmail == null) {
            return;
        }
        Instant now = clock.now();
        String stage = stageOf(t);
        String part = influence == null ? "" : influence;
        List<FollowUps.Doc> docs = docs(templates.bundleOf(t.templateVersionId));
        em.createNativeQuery("INSERT INTO follow_up (id, tenant_id, signal, subject, influence, owner, state, priority, weight,"
                + " stage, reason_zh, reason_en, why_zh, why_en, suggestion_zh, suggestion_en, material, created_at, updated_at)"
                + " VALUES (:id, :t, :signal, :subj, :inf, :owner, 'open', 20, 9, :stage, :rz, :re, :wz, :we, :sz, :se,"
                + " CAST(:m AS jsonb), :now, :now) ON CONFLICT DO NOTHING")
                .setParameter("id", UUID.randomUUID()).setParameter("t", tenantId).setParameter("signal", signal)
                .setParameter("subj", subject).setParameter("inf", influence).setParameter("owner", t.ownerEmail)
                .setParameter("stage", stage)
                .setParameter("rz", person + String.format(words[0], t.company))
                .setParameter("re", person + String.format(words[1], t.company))
                .setParameter("wz", "自己找上门的客户意向最强；第一天联系，转化率最高" + (part.isEmpty() ? "" : "（自称 " + part + "）"))
                .setParameter("we", "People who come by themselves are the warmest leads; a call on the first day converts best"
                        + (part.isEmpty() ? "" : " (says they are " + part + ")"))
                .setParameter("sz", words[2]).setParameter("se", words[3])
                .setParameter("m", text(FollowUps.material(docs, stage, influence))).setParameter("now", now).executeUpdate();
    }

    /**
     * The trial became a deal, in the caller's transaction: its open tasks are done (outcome
     * {@code converted}: there is nothing left to chase), a stage before {@code contract} moves to it,
     * and the CRM hears {@code tenant.converted}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void converted(Tenant t, String actor) {
        Instant now = clock.now();
        em.createNativeQuery("UPDATE follow_up SET state = 'done', outcome = 'converted', completed_by = :by,"
                + " completed_at = :now, updated_at = :now WHERE tenant_id = :t AND state = 'open'").setParameter("by", actor)
                .setParameter("now", now).setParameter("t", t.id).executeUpdate();
        String stage = stageOf(t);
        if (FollowUps.STAGES.indexOf(stage) < FollowUps.STAGES.indexOf("contract")) {
            t.salesStage = "contract";
        }
        Map<String, Object> conversion = new LinkedHashMap<>();
        conversion.put("by", actor);
        conversion.put("at", now.toString());
        webhooks.publish("tenant.converted", t.id, Map.of("tenant", tenantPart(t, stageOf(t)), "conversion", conversion));
    }

    /** A purged tenant's tasks go with it (their reasons name people). */
    @Transactional
    public void forget(UUID tenantId) {
        em.createNativeQuery("DELETE FROM follow_up WHERE tenant_id = :t").setParameter("t", tenantId).executeUpdate();
    }

    private static final String SELECT = "SELECT f.id, f.tenant_id, t.company, t.template_key, f.owner, f.signal, f.subject,"
            + " f.state, f.priority, f.weight, f.stage, f.reason_zh, f.reason_en, f.why_zh, f.why_en, f.suggestion_zh,"
            + " f.suggestion_en, f.material::text, f.created_at, f.updated_at, f.snoozed_until, f.completed_at, f.completed_by,"
            + " f.outcome, t.expires_at FROM follow_up f JOIN tenant t ON t.id = f.tenant_id";

    private Task task(Object[] r, boolean zh) {
        List<FollowUps.Material> material;
        try {
            material = json.readValue((String) r[17], new TypeReference<List<FollowUps.Material>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        UUID tenantId = (UUID) r[1];
        List<MaterialView> views = material.stream().map(m -> new MaterialView(m.key(), m.stage(), m.kind(),
                zh ? m.titleZh() : m.titleEn(), "/console/tenants/" + tenantId + "/docs/" + m.key())).toList();
        return new Task((UUID) r[0], tenantId, (String) r[2], (String) r[3], (String) r[4], (String) r[5], (String) r[6],
                (String) r[7], ((Number) r[8]).doubleValue(), ((Number) r[9]).intValue(), (String) r[10],
                (String) r[zh ? 11 : 12], (String) r[zh ? 13 : 14], (String) r[zh ? 15 : 16], views, Dates.instant(r[18]),
                Dates.instant(r[19]), Dates.instant(r[20]), Dates.instant(r[21]), (String) r[22], (String) r[23],
                Dates.instant(r[24]));
    }

    static List<FollowUps.Doc> docs(TemplateBundle bundle) {
        return bundle.knowledge().documents().stream().map(d -> new FollowUps.Doc(d.key(), d.stage(), d.kind(), d.title().zh(),
                d.title().en(), d.audience())).toList();
    }

    /** The decision-chain role a signal is about: its person's role's, a missing one's, the TB for an integration. */
    private static String influence(TemplateBundle bundle, Signals.Signal s) {
        if (s.key().equals("missing_stakeholder")) {
            return s.subject();
        }
        if (s.key().equals("integration_tested")) {
            return "TB";
        }
        if (s.key().equals("eb_first_login")) {
            return "EB";
        }
        if (s.facts().get("role") instanceof String role) {
            TemplateBundle.Role r = bundle.role(role);
            return r == null ? null : r.influence();
        }
        return null;
    }

    private static Map<String, Object> tenantPart(Tenant t, String stage) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id.toString());
        m.put("company", t.company);
        m.put("template", t.templateKey);
        m.put("owner", t.ownerEmail);
        m.put("salesStage", stage);
        m.put("expiresAt", t.expiresAt.toString());
        return m;
    }

    private static Map<String, Object> signalPart(Signals.Signal s, Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", s.key());
        m.put("subject", s.subject());
        m.put("firedAt", at.toString());
        m.put("reason", Map.of("zh-CN", s.reasonZh(), "en", s.reasonEn()));
        m.put("facts", s.facts());
        return m;
    }

    private static Map<String, Object> taskPart(UUID id, Signals.Signal s, FollowUps.Advice a, String stage, Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id.toString());
        m.put("signal", s.key());
        m.put("subject", s.subject());
        m.put("priority", a.priority());
        m.put("salesStage", stage);
        m.put("reason", Map.of("zh-CN", s.reasonZh(), "en", s.reasonEn()));
        m.put("why", Map.of("zh-CN", a.whyZh(), "en", a.whyEn()));
        m.put("suggestion", Map.of("zh-CN", a.suggestionZh(), "en", a.suggestionEn()));
        m.put("material", a.material());
        m.put("createdAt", at.toString());
        return m;
    }

    private String text(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The distinct owners of open tasks, for the queue's filter: a loose index scan (one probe of
     * the owner index per owner), because DISTINCT over the open tasks reads every wide task row
     * (47 ms for 11,757 tasks in the benchmark, on every queue page).
     */
    @Transactional
    public List<String> owners() {
        @SuppressWarnings("unchecked")
        List<String> owners = em.createNativeQuery("WITH RECURSIVE o AS ("
                + " (SELECT owner FROM follow_up WHERE state = 'open' AND owner IS NOT NULL ORDER BY owner LIMIT 1)"
                + " UNION ALL SELECT (SELECT f.owner FROM follow_up f WHERE f.state = 'open' AND f.owner > o.owner"
                + " ORDER BY f.owner LIMIT 1) FROM o WHERE o.owner IS NOT NULL)"
                + " SELECT owner FROM o WHERE owner IS NOT NULL").getResultList();
        return owners;
    }

}
