package io.modelhouse.usage;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.Dates;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.ModelhouseConfig;
import io.modelhouse.tenant.AsTenant;

/**
 * Usage events in and out: a prospect's own events (checked, stamped with who sent them, committed
 * before the answer), the server's capture of what a request did (handed off, never waited for),
 * and the reads pre-sales use. Who did it always comes from the caller's session or token.
 */
@ApplicationScoped
public class UsageService {

    private static final Logger LOG = Logger.getLogger(UsageService.class);

    public static final int MAX_EVENTS = 100;
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_PROPS_BYTES = 4 * 1024;
    /** How far back a client's own time is believed. */
    public static final Duration CLIENT_PAST = Duration.ofHours(24);

    /** One event as a prospect's page reports it (tenant and person never come from here). */
    /** {@code id}: the client's own (a UUID); a resend of it is stored once (V24). */
    public record ClientEvent(UUID id, String type, String feature, String target, Instant at, Long durationMs,
            JsonNode props) {
    }

    public record Accepted(int accepted, int clamped) {
    }

    @Inject
    UsageWriter writer;
    @Inject
    ModelhouseClock clock;
    @Inject
    ModelhouseConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    EntityManager em;

    /**
     * A prospect's events as the JSON body of a call: at most 64 KiB (413), a JSON array of event
     * objects (400 saying where it is broken, 422 naming a field of the wrong kind), then
     * {@link #accept(UsageEvent.Actor, List)}. Read here rather than by the REST layer so that
     * the size and the place of a mistake are answered in our words; fields not listed in
     * {@link ClientEvent} (a {@code tenantId}, say) are ignored: who sent it comes from the token.
     */
    public Accepted acceptJson(UsageEvent.Actor actor, String body) {
        if (body == null || body.isBlank()) {
            throw ApiProblem.invalid("Send a JSON array of 1.." + MAX_EVENTS + " events", List.of());
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new ApiProblem(413, "Content Too Large", "At most 64 KiB of events a call; send them in smaller batches.");
        }
        List<ClientEvent> events;
        try {
            JsonNode tree = json.readTree(body);
            if (tree == null || !tree.isArray()) {
                throw ApiProblem.invalid("Send a JSON array of events, [{\"type\": \"page_view\", ...}]", List.of());
            }
            if (tree.size() > MAX_EVENTS) {
                throw tooMany(tree.size());
            }
            events = json.readerForListOf(ClientEvent.class).readValue(tree);
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getIndex() >= 0 ? "[" + r.getIndex() + "]" : "." + r.getFieldName())
                    .reduce("", String::concat);
            throw ApiProblem.invalid("Some events are not valid; nothing was recorded",
                    List.of(ApiProblem.FieldError.of(path.isEmpty() ? "body" : path,
                            "wrong kind of value" + (path.endsWith(".at") ? ": use an ISO-8601 time like 2026-12-01T09:30:00Z"
                                    : path.endsWith(".id") ? ": use a UUID like 3f1c2a9e-5b7d-4c1e-9a2f-6d8e0b4c7a11"
                                            : path.endsWith("durationMs") ? ": use a whole number of milliseconds" : ""))));
        } catch (java.io.IOException e) {
            var where = e instanceof JsonProcessingException j ? j.getLocation() : null;
            throw new ApiProblem(400, "Bad Request", "The body is not valid JSON"
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
                    + ": " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        return accept(actor, events);
    }

    /**
     * A prospect's events: all refused if one is malformed (422 naming it), committed before this
     * returns (the caller answers 202), or refused for now (429 + Retry-After) when the writer is full.
     * A time outside the last 24 hours or in the future is replaced by now and flagged.
     */
    public Accepted accept(UsageEvent.Actor actor, List<ClientEvent> events) {
        if (events == null || events.isEmpty()) {
            throw ApiProblem.invalid("Send a JSON array of 1.." + MAX_EVENTS + " events", List.of());
        }
        if (events.size() > MAX_EVENTS) {
            throw tooMany(events.size());
        }
        Instant now = clock.now();
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        List<UsageEvent> stored = new ArrayList<>(events.size());
        int clamped = 0;
        for (int i = 0; i < events.size(); i++) {
            ClientEvent e = events.get(i);
            String at = "[" + i + "]";
            if (e == null) {
                errors.add(ApiProblem.FieldError.of(at, "an event is a JSON object"));
                continue;
            }
            if (!UsageCatalogue.knownType(e.type())) {
                errors.add(ApiProblem.FieldError.of(at + ".type", "'" + e.type() + "' is not an event type; use one of "
                        + UsageCatalogue.TYPES.keySet()));
            }
            if (!UsageCatalogue.knownFeature(e.feature())) {
                errors.add(ApiProblem.FieldError.of(at + ".feature", "'" + e.feature()
                        + "' is not a feature key; use one of " + UsageCatalogue.FEATURES
                        + " or records.<type>, channels.<key>, approvals.<flow>, integrations.<key>"));
            }
            if (e.durationMs() != null && (e.durationMs() < 0 || e.durationMs() > Duration.ofHours(12).toMillis())) {
                errors.add(ApiProblem.FieldError.of(at + ".durationMs", "durationMs must be 0..43200000 (12 hours)"));
            }
            if (e.target() != null && e.target().length() > 200) {
                errors.add(ApiProblem.FieldError.of(at + ".target", "target is at most 200 characters"));
            }
            if (e.props() != null && (!e.props().isObject() || size(e.props()) > MAX_PROPS_BYTES)) {
                errors.add(ApiProblem.FieldError.of(at + ".props", "props is one JSON object of at most 4 KiB"));
            }
            boolean outOfRange = e.at() == null || e.at().isAfter(now) || e.at().isBefore(now.minus(CLIENT_PAST));
            if (e.at() != null && outOfRange) {
                clamped++;
            }
            stored.add(new UsageEvent(actor.tenantId(), outOfRange ? now : e.at(), e.id() == null ? UUID.randomUUID() : e.id(),
                    actor.accountId(), actor.role(), e.type(), e.feature(), e.target(),
                    e.durationMs() == null ? null : e.durationMs().intValue(), e.props(), "client",
                    e.at() != null && outOfRange, e.id() != null));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("Some events are not valid; nothing was recorded", errors);
        }
        CompletableFuture<Integer> committed = writer.offer(stored).orElseThrow(() -> ApiProblem.tryAgain(429,
                "Too Many Requests", "The usage writer is full right now; nothing was recorded. Send the same events again"
                        + " after the Retry-After seconds.",
                1));
        try {
            committed.get(config.usage().acceptTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw ApiProblem.tryAgain(503, "Service Unavailable",
                    "The events could not be confirmed as recorded; send them again.", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiProblem.tryAgain(503, "Service Unavailable", "Stopping; send the events again.", 1);
        }
        return new Accepted(stored.size(), clamped);
    }

    private static ApiProblem tooMany(int n) {
        return new ApiProblem(413, "Content Too Large", "At most " + MAX_EVENTS + " events a call; this one had " + n
                + ". Send them in smaller batches.");
    }

    /** What a request did, recorded by the server: handed to the writer, never waited for. */
    public void capture(UsageEvent.Actor actor, String type, String feature, String target) {
        capture(new UsageEvent(actor.tenantId(), clock.now(), UUID.randomUUID(), actor.accountId(), actor.role(), type,
                feature, target, null, null, "server", false));
    }

    /**
     * What a person just did (an action, not a view): handed to the writer and waited for (at most
     * the accept timeout), so the page they are sent to next already counts it, e.g. a scenario
     * step it completes. The action itself is already committed: a writer that cannot confirm in
     * time is logged, not shown to the person.
     */
    public void record(UsageEvent.Actor actor, String type, String feature, String target) {
        var committed = writer.offer(List.of(new UsageEvent(actor.tenantId(), clock.now(), UUID.randomUUID(),
                actor.accountId(), actor.role(), type, feature, target, null, null, "server", false)));
        if (committed.isEmpty()) {
            LOG.warnf("Usage event %s of tenant %s not recorded: the writer is full", type, actor.tenantId());
            return;
        }
        try {
            committed.get().get(config.usage().acceptTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warnf("Usage event %s of tenant %s not confirmed: %s", type, actor.tenantId(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * An event that happens once per person and {@code identity} (a scenario step, a finished
     * scenario): reported again, it has the same id and time, so it is stored once.
     */
    public void captureOnce(UsageEvent.Actor actor, String identity, String type, String feature, String target, Instant at) {
        UUID id = UUID.nameUUIDFromBytes((type + "|" + actor.accountId() + "|" + identity).getBytes(StandardCharsets.UTF_8));
        capture(new UsageEvent(actor.tenantId(), at, id, actor.accountId(), actor.role(), type, feature, target, null, null,
                "server", false));
    }

    /**
     * A login, known by its session: the same session reported again (every page of its first
     * minutes does) has the same id and time, so it is stored once (the insert skips a row it has).
     */
    public void captureLogin(UsageEvent.Actor actor, String session, Instant authenticatedAt) {
        UUID id = UUID.nameUUIDFromBytes(("login|" + actor.accountId() + "|" + session).getBytes(StandardCharsets.UTF_8));
        capture(new UsageEvent(actor.tenantId(), authenticatedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), id,
                actor.accountId(), actor.role(), "login", "portal", null, null, null, "server", false));
    }

    private void capture(UsageEvent e) {
        if (writer.offer(List.of(e)).isEmpty()) {
            LOG.debugf("Usage event %s of tenant %s not recorded: the writer is full", e.type(), e.tenantId());
        }
    }

    private int size(JsonNode props) {
        try {
            return json.writeValueAsString(props).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            return Integer.MAX_VALUE;
        }
    }

    // ---- reads (as the tenant: row-level security)

    public record EventView(UUID id, Instant at, UUID person, String username, String role, String type, String feature,
            String target,
            Integer durationMs, JsonNode props, String origin, boolean atClamped) {
    }

    public record EventPage(List<EventView> items, String nextCursor) {
    }

    public record Filter(Instant from, Instant to, UUID person, String type) {
    }

    /** The tenant's events, newest first, keyset-paginated on (at, id). */
    @AsTenant
    @Transactional
    public EventPage events(UUID tenantId, Filter f, String cursor, int size) {
        StringBuilder sql = new StringBuilder("SELECT e.id, e.at, e.account_id, e.role, e.type, e.feature, e.target,"
                + " e.duration_ms, e.props::text, e.origin, e.at_clamped, a.username FROM usage_event e"
                + " LEFT JOIN trial_account a ON a.id = e.account_id WHERE e.tenant_id = :t");
        Map<String, Object> params = new java.util.HashMap<>(Map.of("t", tenantId));
        if (f.from() != null) {
            sql.append(" AND e.at >= :from");
            params.put("from", Timestamp.from(f.from()));
        }
        if (f.to() != null) {
            sql.append(" AND e.at < :to");
            params.put("to", Timestamp.from(f.to()));
        }
        if (f.person() != null) {
            sql.append(" AND e.account_id = :person");
            params.put("person", f.person());
        }
        if (f.type() != null) {
            sql.append(" AND e.type = :type");
            params.put("type", f.type());
        }
        if (cursor != null) {
            String[] c = decode(cursor);
            sql.append(" AND (e.at, e.id) < (:cat, CAST(:cid AS uuid))");
            params.put("cat", Timestamp.from(Instant.parse(c[0])));
            params.put("cid", c[1]);
        }
        sql.append(" ORDER BY e.at DESC, e.id DESC LIMIT :limit");
        params.put("limit", size + 1);
        var q = em.createNativeQuery(sql.toString());
        params.forEach(q::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        List<EventView> items = new ArrayList<>();
        for (int i = 0; i < Math.min(size, rows.size()); i++) {
            Object[] r = rows.get(i);
            items.add(new EventView((UUID) r[0], Dates.instant(r[1]), (UUID) r[2], (String) r[11], (String) r[3], (String) r[4],
                    (String) r[5],
                    (String) r[6], r[7] == null ? null : ((Number) r[7]).intValue(), tree((String) r[8]), (String) r[9],
                    (Boolean) r[10]));
        }
        String next = rows.size() > size ? encode(items.get(items.size() - 1)) : null;
        return new EventPage(items, next);
    }

    public record DailyRow(LocalDate day, UUID person, String username, String role, String feature, int events,
            long activeMs) {
    }

    public record Usage(List<DailyRow> days, LocalDate firstDay, LocalDate lastDay, int activeDays,
            Map<String, Long> activePeopleByRole) {
    }

    /** The rollup (never the raw events): per day, person, role and feature, and the tenant's summary. */
    @AsTenant
    @Transactional
    public Usage usage(UUID tenantId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em
                .createNativeQuery("SELECT d.day, d.account_id, d.role, d.feature, d.events, d.active_ms, a.username"
                        + " FROM usage_daily d LEFT JOIN trial_account a ON a.id = d.account_id"
                        + " WHERE d.tenant_id = :t ORDER BY d.day DESC, d.role, a.username, d.feature")
                .setParameter("t", tenantId)
                .getResultList();
        List<DailyRow> days = new ArrayList<>();
        java.util.Set<LocalDate> active = new java.util.TreeSet<>();
        Map<String, java.util.Set<UUID>> people = new java.util.TreeMap<>();
        for (Object[] r : rows) {
            LocalDate day = r[0] instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) r[0];
            DailyRow row = new DailyRow(day, (UUID) r[1], (String) r[6], (String) r[2], (String) r[3],
                    ((Number) r[4]).intValue(),
                    ((Number) r[5]).longValue());
            days.add(row);
            active.add(day);
            people.computeIfAbsent(row.role(), k -> new java.util.HashSet<>()).add(row.person());
        }
        Map<String, Long> byRole = new java.util.TreeMap<>();
        people.forEach((role, set) -> byRole.put(role, (long) set.size()));
        var sorted = new ArrayList<>(active);
        return new Usage(days, sorted.isEmpty() ? null : sorted.get(0), sorted.isEmpty() ? null : sorted.get(sorted.size() - 1),
                active.size(), byRole);
    }

    /** Events of one day by one role: a bar of the tenant page's timeline. */
    public record DayRole(LocalDate day, String role, long events) {
    }

    /**
     * Events per day (in the tenant's time zone) and role since {@code from}, today included: from the
     * raw events, because the timeline must show this morning's work, which the rollup has not yet.
     */
    @AsTenant
    @Transactional
    public List<DayRole> perDayAndRole(UUID tenantId, Instant from, String zone) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT CAST(at AT TIME ZONE :z AS date) AS day, role, count(*)"
                + " FROM usage_event WHERE tenant_id = :t AND at >= :from GROUP BY 1, 2 ORDER BY 1, 2")
                .setParameter("z", zone).setParameter("t", tenantId).setParameter("from", java.sql.Timestamp.from(from))
                .getResultList();
        return rows.stream().map(r -> new DayRole(r[0] instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) r[0],
                r[1] == null ? "" : (String) r[1], ((Number) r[2]).longValue())).toList();
    }

    /** A purged tenant's usage goes with it. */
    @AsTenant
    @Transactional
    public int forget(UUID tenantId) {
        int events = em.createNativeQuery("DELETE FROM usage_event WHERE tenant_id = :t").setParameter("t", tenantId)
                .executeUpdate();
        em.createNativeQuery("DELETE FROM usage_daily WHERE tenant_id = :t").setParameter("t", tenantId).executeUpdate();
        em.createNativeQuery("DELETE FROM usage_event_key WHERE tenant_id = :t").setParameter("t", tenantId).executeUpdate();
        return events;
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String encode(EventView last) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((last.at() + "|" + last.id()).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            Instant.parse(parts[0]);
            UUID.fromString(parts[1]);
            return parts;
        } catch (RuntimeException e) {
            throw new ApiProblem(400, "Bad Request", "cursor is not one this API gave out; start without it");
        }
    }
}
