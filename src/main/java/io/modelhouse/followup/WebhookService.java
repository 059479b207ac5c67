package io.modelhouse.followup;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.Dates;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.ModelhouseConfig;
import io.modelhouse.common.SealedSecrets;
import io.quarkus.runtime.LaunchMode;

/**
 * CRM webhooks: the endpoints (admin) and their outbox. An event is written as one delivery row per
 * endpoint that wants it, in the transaction that made the event, so a rolled-back change tells
 * nobody and a committed one is never lost. {@link WebhookSender} delivers them. The payloads and
 * the signature are documented in src/site/markdown/webhooks.md.
 */
@ApplicationScoped
public class WebhookService {

    /** The events an endpoint may ask for. */
    public static final List<String> EVENTS = List.of("signal.fired", "follow_up.created", "follow_up.completed",
            "tenant.converted");
    /** The event of a test delivery (sent to the one endpoint asked, whatever it subscribed to). */
    public static final String TEST_EVENT = "webhook.test";

    /** What {@code POST /api/webhooks} takes. */
    public record NewWebhook(@NotBlank(message = "url is required") @Size(max = 2000) String url,
            @NotBlank(message = "secret is required") @Size(min = 16, max = 200, message = "secret must be 16 to 200 characters") String secret,
            @NotNull(message = "events is required: a list of "
                    + "signal.fired, follow_up.created, follow_up.completed, tenant.converted") @Size(min = 1, message = "events must name at least one event") List<String> events) {
    }

    /** An endpoint as listed (never its secret), with how its deliveries stand. */
    public record WebhookView(UUID id, String url, List<String> events, String createdBy, Instant createdAt, long pending,
            long delivered, long dead) {
    }

    /** A delivery as the console shows it. */
    public record DeliveryView(UUID id, UUID webhookId, String url, String event, UUID tenantId, String state, int attempts,
            Instant createdAt, Instant nextAt, Instant deliveredAt, Integer lastStatus, String lastError) {
    }

    /** A delivery claimed by a sender: where, what, and the secret to sign it with. */
    record Claimed(UUID id, String url, String secret, String event, String body, int attempts) {
    }

    /** A claimed delivery's outcome. */
    record Outcome(UUID id, boolean ok, Integer status, String error) {
    }

    /** Fired when deliveries were written; the sender wakes after the commit. */
    public record Queued(int count) {
    }

    @Inject
    EntityManager em;
    @Inject
    ModelhouseClock clock;
    @Inject
    ModelhouseConfig config;
    @Inject
    SealedSecrets secrets;
    @Inject
    ObjectMapper json;
    @Inject
    Event<Queued> queued;

    @Transactional
    public WebhookView create(NewWebhook w, String by) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        String url = w.url().trim();
        String problem = urlProblem(url);
        if (problem != null) {
            errors.add(ApiProblem.FieldError.of("url", problem));
        }
        for (int i = 0; i < w.events().size(); i++) {
            if (!EVENTS.contains(w.events().get(i))) {
                errors.add(ApiProblem.FieldError.of("events[" + i + "]",
                        "'" + w.events().get(i) + "' is not an event; use " + String.join(", ", EVENTS)));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("The webhook was not added", errors);
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.now();
        List<String> events = w.events().stream().distinct().toList();
        em.createNativeQuery("INSERT INTO webhook (id, url, secret_sealed, events, created_by, created_at)"
                + " VALUES (:id, :url, :secret, CAST(:events AS text[]), :by, :at)").setParameter("id", id)
                .setParameter("url", url).setParameter("secret", secrets.seal(w.secret()))
                .setParameter("events", "{" + String.join(",", events) + "}").setParameter("by", by)
                .setParameter("at", Timestamp.from(now)).executeUpdate();
        subscribers = null; // this node sees it at once; the others within SUBSCRIBERS_FOR_NANOS
        return new WebhookView(id, url, events, by, now, 0, 0, 0);
    }

    @Transactional
    public List<WebhookView> list() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT w.id, w.url, array_to_string(w.events, ','), w.created_by,"
                + " w.created_at, count(d.id) FILTER (WHERE d.state = 'pending'), count(d.id) FILTER (WHERE d.state = 'delivered'),"
                + " count(d.id) FILTER (WHERE d.state = 'dead') FROM webhook w LEFT JOIN webhook_delivery d ON d.webhook_id = w.id"
                + " GROUP BY w.id ORDER BY w.created_at").getResultList();
        return rows.stream().map(r -> new WebhookView((UUID) r[0], (String) r[1], List.of(((String) r[2]).split(",")),
                (String) r[3], Dates.instant(r[4]), ((Number) r[5]).longValue(), ((Number) r[6]).longValue(),
                ((Number) r[7]).longValue())).toList();
    }

    @Transactional
    public void delete(UUID id) {
        if (em.createNativeQuery("DELETE FROM webhook WHERE id = :id").setParameter("id", id).executeUpdate() == 0) {
            throw ApiProblem.notFound("Webhook " + id);
        }
        subscribers = null;
    }

    /** Queues a test delivery to one endpoint. @return the delivery's id */
    @Transactional
    public UUID test(UUID id) {
        Number exists = (Number) em.createNativeQuery("SELECT count(*) FROM webhook WHERE id = :id").setParameter("id", id)
                .getSingleResult();
        if (exists.intValue() == 0) {
            throw ApiProblem.notFound("Webhook " + id);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", "A test delivery from Modelhouse: if its signature checks out, the endpoint is set up.");
        return write(id, TEST_EVENT, null, data);
    }

    /**
     * Queues an event for every endpoint that wants it, in the caller's transaction.
     *
     * @param data the event's own part of the payload (tenant, signal, follow-up ...)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String event, UUID tenantId, Map<String, Object> data) {
        for (UUID id : subscribers(event)) {
            write(id, event, tenantId, data);
        }
    }

    /** An event to tell the CRM of. */
    public record Outgoing(String event, UUID tenantId, Map<String, Object> data) {
    }

    /** Many events at once (the signal pass), in the caller's transaction: one JDBC batch of deliveries. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAll(List<Outgoing> events) {
        List<Object[]> rows = new ArrayList<>();
        java.sql.Timestamp at = Timestamp.from(clock.now());
        for (Outgoing e : events) {
            for (UUID hook : subscribers(e.event())) {
                UUID id = UUID.randomUUID();
                rows.add(new Object[] { id, hook, e.tenantId(), e.event(), body(id, e.event(), e.data()), at, at });
            }
        }
        if (!rows.isEmpty()) {
            Jdbc.batch(em, "INSERT INTO webhook_delivery (id, webhook_id, tenant_id, event, body, state, next_at, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)", rows);
            queued.fire(new Queued(rows.size()));
        }
    }

    /** Who wants which event, read again at most every few seconds (a first pass fires thousands of events). */
    private volatile Map<String, List<UUID>> subscribers;
    private volatile long subscribersRead;
    static final long SUBSCRIBERS_FOR_NANOS = 3_000_000_000L;

    private List<UUID> subscribers(String event) {
        Map<String, List<UUID>> s = subscribers;
        if (s == null || System.nanoTime() - subscribersRead > SUBSCRIBERS_FOR_NANOS) {
            Map<String, List<UUID>> fresh = new java.util.HashMap<>();
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT id, array_to_string(events, ',') FROM webhook").getResultList();
            for (Object[] r : rows) {
                for (String e : ((String) r[1]).split(",")) {
                    fresh.computeIfAbsent(e, k -> new ArrayList<>()).add((UUID) r[0]);
                }
            }
            subscribers = s = fresh;
            subscribersRead = System.nanoTime();
        }
        return s.getOrDefault(event, List.of());
    }

    private UUID write(UUID webhookId, String event, UUID tenantId, Map<String, Object> data) {
        UUID id = UUID.randomUUID();
        Instant now = clock.now();
        String text = body(id, event, data);
        em.createNativeQuery("INSERT INTO webhook_delivery (id, webhook_id, tenant_id, event, body, state, next_at, created_at)"
                + " VALUES (:id, :w, :t, :e, :body, 'pending', :at, :at)").setParameter("id", id).setParameter("w", webhookId)
                .setParameter("t", tenantId).setParameter("e", event).setParameter("body", text)
                .setParameter("at", Timestamp.from(now)).executeUpdate();
        queued.fire(new Queued(1));
        return id;
    }

    /** A delivery's body: its key, the event, when, and the event's own part. */
    private String body(UUID id, String event, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("delivery", id.toString());
        body.put("event", event);
        body.put("occurredAt", clock.now().toString());
        body.putAll(data);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The dead letters, newest first, and the deliveries still trying. */
    @Transactional
    public List<DeliveryView> deliveries(String state, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em
                .createNativeQuery("SELECT d.id, d.webhook_id, w.url, d.event, d.tenant_id, d.state, d.attempts,"
                        + " d.created_at, d.next_at, d.delivered_at, d.last_status, d.last_error FROM webhook_delivery d"
                        + " JOIN webhook w ON w.id = d.webhook_id WHERE (:s = '' OR d.state = :s) ORDER BY d.created_at DESC LIMIT :n")
                .setParameter("s", state == null ? "" : state).setParameter("n", limit).getResultList();
        return rows.stream().map(r -> new DeliveryView((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3], (UUID) r[4],
                (String) r[5], ((Number) r[6]).intValue(), Dates.instant(r[7]), Dates.instant(r[8]), Dates.instant(r[9]),
                r[10] == null ? null : ((Number) r[10]).intValue(), (String) r[11])).toList();
    }

    /** Sends a dead letter again: same delivery key, attempts from zero. */
    @Transactional
    public void redeliver(UUID deliveryId) {
        int n = em.createNativeQuery("UPDATE webhook_delivery SET state = 'pending', attempts = 0, next_at = :at,"
                + " claimed_until = NULL WHERE id = :id AND state = 'dead'").setParameter("id", deliveryId)
                .setParameter("at", Timestamp.from(clock.now())).executeUpdate();
        if (n == 0) {
            throw ApiProblem.conflict(
                    "Delivery " + deliveryId + " is not a dead letter (it does not exist, or it is still being delivered)");
        }
        queued.fire(new Queued(1));
    }

    /**
     * Claims up to {@code limit} due deliveries for this node until the lease ends. SKIP LOCKED: two
     * senders claiming at once get different rows; the lease keeps a claimed row from a second sender
     * until it ends, so a sender that dies leaves its rows to be claimed again.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    List<Claimed> claim(int limit) {
        Instant now = clock.now();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("UPDATE webhook_delivery d SET claimed_until = :until FROM webhook w"
                + " WHERE w.id = d.webhook_id AND d.id IN (SELECT id FROM webhook_delivery WHERE state = 'pending'"
                + " AND next_at <= :now AND (claimed_until IS NULL OR claimed_until < :now) ORDER BY next_at LIMIT :n"
                + " FOR UPDATE SKIP LOCKED) RETURNING d.id, w.url, w.secret_sealed, d.event, d.body, d.attempts")
                .setParameter("until", Timestamp.from(now.plus(config.webhooks().lease())))
                .setParameter("now", Timestamp.from(now)).setParameter("n", limit).getResultList();
        List<Claimed> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new Claimed((UUID) r[0], (String) r[1], secrets.unseal((String) r[2]), (String) r[3], (String) r[4],
                    ((Number) r[5]).intValue()));
        }
        return out;
    }

    /** Records how a batch went: delivered, retried later (exponential backoff with jitter), or dead. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void settle(List<Claimed> batch, List<Outcome> outcomes) {
        Instant now = clock.now();
        // the delivered ones in one statement per status (a 200 and a 204 are both delivered)
        Map<Integer, List<UUID>> ok = new LinkedHashMap<>();
        outcomes.stream().filter(Outcome::ok).forEach(o -> ok.computeIfAbsent(o.status(), k -> new ArrayList<>()).add(o.id()));
        ok.forEach((status, ids) -> em
                .createNativeQuery("UPDATE webhook_delivery SET state = 'delivered', attempts = attempts + 1,"
                        + " delivered_at = :at, claimed_until = NULL, last_status = :status, last_error = NULL"
                        + " WHERE id = ANY (CAST(:ids AS uuid[]))")
                .setParameter("at", Timestamp.from(now)).setParameter("status", status)
                .setParameter("ids", uuidArray(ids)).executeUpdate());
        int max = config.webhooks().maxAttempts();
        for (int i = 0; i < batch.size(); i++) {
            Outcome o = outcomes.get(i);
            if (o.ok()) {
                continue;
            }
            int attempts = batch.get(i).attempts() + 1;
            boolean dead = attempts >= max;
            em.createNativeQuery("UPDATE webhook_delivery SET attempts = :a, state = :s, next_at = :next, claimed_until = NULL,"
                    + " last_status = :status, last_error = :err WHERE id = :id").setParameter("a", attempts)
                    .setParameter("s", dead ? "dead" : "pending")
                    .setParameter("next", Timestamp.from(dead ? now : now.plus(backoff(attempts))))
                    .setParameter("status", o.status()).setParameter("err", o.error()).setParameter("id", o.id())
                    .executeUpdate();
        }
    }

    /** The wait after the n-th failed attempt: backoff × 2^(n-1), capped, times a jitter of 0.5–1.5. */
    Duration backoff(int attempts) {
        long base = config.webhooks().backoff().toMillis();
        long cap = config.webhooks().maxBackoff().toMillis();
        long exp = Math.min(cap, base * (1L << Math.min(30, attempts - 1)));
        return Duration.ofMillis((long) (exp * (0.5 + ThreadLocalRandom.current().nextDouble())));
    }

    /** A purged tenant's deliveries go with it (their bodies name people). */
    @Transactional
    public void forget(UUID tenantId) {
        em.createNativeQuery("DELETE FROM webhook_delivery WHERE tenant_id = :t").setParameter("t", tenantId).executeUpdate();
    }

    private static String uuidArray(List<UUID> ids) {
        return "{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}";
    }

    /** Why a URL cannot be an endpoint, or null: http(s) with a host, and not this app. */
    static String urlProblem(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            return "url is not a URL: " + e.getMessage();
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "url must be http:// or https:// (it is " + (scheme.isEmpty() ? "without a scheme" : scheme + ":") + ")";
        }
        if (u.getHost() == null || u.getHost().isBlank()) {
            return "url has no host";
        }
        if (u.getUserInfo() != null) {
            return "url must not carry a user name or password; the signature authenticates the deliveries";
        }
        int port = u.getPort() > 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        if (isThisApp(u.getHost(), port)) {
            return "url points at Modelhouse itself; give the CRM's address";
        }
        return null;
    }

    private static boolean isThisApp(String host, int port) {
        Set<Integer> ports = new java.util.HashSet<>();
        var cfg = ConfigProvider.getConfig();
        cfg.getOptionalValue("quarkus.http.port", Integer.class).ifPresent(ports::add);
        if (LaunchMode.current() == LaunchMode.TEST) {
            ports.add(cfg.getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081));
        }
        cfg.getOptionalValue("modelhouse.public-url", String.class).ifPresent(p -> {
            URI pub = URI.create(p);
            if (pub.getHost() != null && pub.getHost().equalsIgnoreCase(host)) {
                ports.add(pub.getPort() > 0 ? pub.getPort() : "https".equals(pub.getScheme()) ? 443 : 80);
            }
        });
        if (!ports.contains(port)) {
            return false;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a.isLoopbackAddress() || a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null) {
                    return true;
                }
            }
        } catch (UnknownHostException | SocketException e) {
            return false; // a host that does not resolve is not this app (deliveries will fail and say so)
        }
        return cfg.getOptionalValue("modelhouse.public-url", String.class)
                .map(p -> host.equalsIgnoreCase(URI.create(p).getHost()))
                .orElse(false);
    }
}
