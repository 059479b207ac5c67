package io.modelhouse.tenant;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.Audit;
import io.modelhouse.common.ModelhouseClock;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/**
 * The tenant registry: every query about tenants and every change of a tenant's state goes through
 * here. Every method joins the caller's transaction or runs in one of its own; reads too, because
 * outside a transaction the request-scoped session would hand back a tenant it loaded before a
 * step of a build or purge (each its own transaction) changed it.
 */
@ApplicationScoped
@Transactional
public class TenantService {

    /** States whose tenants still have data or identities somewhere. */
    public static final List<TenantState> LIVE = List.of(TenantState.POOLED, TenantState.PROVISIONING, TenantState.READY,
            TenantState.ACTIVE, TenantState.EXPIRED, TenantState.CONVERTED);

    private static final String CLAIM = """
            UPDATE tenant SET state = 'PROVISIONING', provisioning_step = 'CLAIMED', step_at = :now, version = version + 1
            WHERE id = (SELECT id FROM tenant WHERE template_version_id = :version AND state = 'POOLED'
                          AND provisioning_step <> 'PURGING'
                        ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id
            """;

    @Inject
    EntityManager em;
    @Inject
    ModelhouseClock clock;
    @Inject
    Audit audit;

    /** What a list of tenants is filtered by; every part optional. */
    public record Filter(String state, String templateKey, String q, List<TenantState> hidden) {
    }

    public record Found(List<Tenant> items, int page, int size, long total) {
    }

    /** A tenant about to be built, as the build records it. */
    public record NewTenant(UUID id, String templateKey, int templateVersion, long templateVersionId, String timeZone,
            int seatLimit,
            String company, Instant createdAt, Instant expiresAt, String owner, String idempotencyKey, String requestHash,
            String logoUrl, String brandColor) {
    }

    public Optional<Tenant> find(UUID id) {
        return Optional.ofNullable(Tenant.findById(id));
    }

    /** The tenant, or a 404 problem. */
    public Tenant require(UUID id) {
        return find(id).orElseThrow(() -> ApiProblem.notFound("Tenant " + id));
    }

    /** The tenant if pre-sales may act on it (built, not purged or failed), or a 404 problem. */
    public Tenant requireManaged(UUID id) {
        return managed(id, Tenant.findById(id));
    }

    /**
     * The tenant, locked for a change of its state until this transaction ends: competing changes
     * of one tenant (extend, expire, reset, purge, a first login) wait for each other, and each sees
     * what the one before left; 404 as {@link #requireManaged}, 409 while it is still being built.
     */
    public Tenant lockManaged(UUID id) {
        return managed(id, locked(id));
    }

    private static Tenant managed(UUID id, Tenant t) {
        if (t != null && t.state == TenantState.PROVISIONING) {
            throw ApiProblem.conflict("Tenant " + id + " is still being built; try again when it is READY");
        }
        if (t == null || t.state == TenantState.PURGED || t.state == TenantState.FAILED || t.state == TenantState.POOLED) {
            throw ApiProblem.notFound("Tenant " + id);
        }
        return t;
    }

    private Tenant locked(UUID id) {
        return em.find(Tenant.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Optional<Tenant> byIdempotencyKey(String key) {
        return Tenant.find("idempotencyKey", key).firstResultOptional();
    }

    /** One page of tenants, newest first. An unknown state is a 422 naming the known ones. */
    public Found search(Filter filter, int page, int size) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (filter.state() != null && !filter.state().isBlank()) {
            try {
                params.put("state", TenantState.valueOf(filter.state().trim().toUpperCase()));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalid("Unknown state", List.of(ApiProblem.FieldError.of("state",
                        "use one of " + Arrays.toString(TenantState.values()))));
            }
            where.append(" and state = :state");
        }
        if (filter.hidden() != null && !filter.hidden().isEmpty()) {
            where.append(" and state not in :hidden");
            params.put("hidden", filter.hidden());
        }
        if (filter.templateKey() != null && !filter.templateKey().isBlank()) {
            where.append(" and templateKey = :templateKey");
            params.put("templateKey", filter.templateKey().trim());
        }
        if (filter.q() != null && !filter.q().isBlank()) {
            where.append(" and lower(company) like :q");
            params.put("q", "%" + filter.q().trim().toLowerCase() + "%");
        }
        var query = Tenant.<Tenant> find(where.toString(), Sort.descending("createdAt"), params);
        return new Found(query.page(Page.of(page, size)).list(), page, size, query.count());
    }

    public long count(String templateKey, TenantState state) {
        return Tenant.count("templateKey = ?1 and state = ?2", templateKey, state);
    }

    /** Tenants of a template that were ever built and are not purged. */
    public long countNotPurged(String templateKey) {
        return Tenant.count("templateKey = ?1 and state <> ?2", templateKey, TenantState.PURGED);
    }

    public List<Tenant> inStates(List<TenantState> states) {
        return Tenant.list("state in ?1", states);
    }

    /** Open trials whose end lies after {@code now}: the ones that may need a warning. */
    public List<Tenant> openUntilAfter(Instant now) {
        return Tenant.list("state in ?1 and expiresAt > ?2", List.of(TenantState.READY, TenantState.ACTIVE), now);
    }

    public List<UUID> dueForExpiry(Instant now) {
        return ids(Tenant.list("state in ?1 and expiresAt <= ?2", List.of(TenantState.READY, TenantState.ACTIVE), now));
    }

    public List<UUID> expiredBefore(Instant cutoff) {
        return ids(Tenant.list("state = ?1 and expiresAt <= ?2", TenantState.EXPIRED, cutoff));
    }

    /** Builds whose last step is older than the cutoff: stopped by a crash (purges excluded). */
    public List<Tenant> stoppedBuilds(Instant cutoff) {
        return Tenant.<Tenant> list("state = ?1 and (stepAt is null or stepAt < ?2)", TenantState.PROVISIONING, cutoff).stream()
                .filter(t -> !ProvisioningStep.PURGING.name().equals(t.provisioningStep)).toList();
    }

    public List<UUID> stoppedPurges(Instant cutoff) {
        return ids(Tenant.list("provisioningStep = ?1 and state <> ?2 and stepAt < ?3", ProvisioningStep.PURGING.name(),
                TenantState.PURGED, cutoff));
    }

    /** Pooled tenants that should not be handed out any more: of a version that is not current, or built before today. */
    public List<UUID> stalePooled(String templateKey, long currentVersionId, LocalDate today) {
        return ids(Tenant.list("templateKey = ?1 and state = ?2 and (templateVersionId <> ?3 or clockAnchor < ?4)", templateKey,
                TenantState.POOLED, currentVersionId, today));
    }

    /**
     * Whether a prospect is being served right now, on any node: a tenant being built or claimed for
     * a prospect (pool builds have no owner yet) whose last step is recent (a crashed build does not
     * count), or one handed out between {@code since} and now (not later: a clock moved back in a
     * drill must not see the future as now).
     */
    public boolean prospectsBeingServed(Instant since) {
        Instant now = clock.now();
        return Tenant.count(
                "(state = ?1 and (ownerEmail is not null or provisioningStep = ?2) and stepAt > ?3 and stepAt <= ?6)"
                        + " or (readyAt > ?4 and readyAt <= ?6 and state <> ?5)",
                TenantState.PROVISIONING,
                ProvisioningStep.CLAIMED.name(), since.minusSeconds(30), since, TenantState.POOLED, now) > 0;
    }

    /** Tenants whose data clock runs: built and not ended. */
    public List<Tenant> withRunningClock() {
        return Tenant.list("state in ?1 and clockAnchor is not null",
                List.of(TenantState.READY, TenantState.ACTIVE, TenantState.POOLED));
    }

    // ---- state changes

    /** The start of every build: the row exists, PROVISIONING, step RECORDED. */
    public Tenant record(NewTenant n, String actor) {
        Tenant t = new Tenant();
        t.id = n.id();
        t.templateKey = n.templateKey();
        t.templateVersion = n.templateVersion();
        t.templateVersionId = n.templateVersionId();
        t.state = TenantState.PROVISIONING;
        t.timeZone = n.timeZone();
        forProspect(t, n);
        t.provisioningStep = ProvisioningStep.RECORDED.name();
        t.stepAt = n.createdAt();
        t.persist();
        audit.record(actor, "tenant.create", t.id, Map.of("company", t.company));
        return t;
    }

    /** Claims the oldest pooled tenant of a version (SKIP LOCKED: parallel claims never wait for each other). */
    public Optional<UUID> claimPooled(long versionId) {
        @SuppressWarnings("unchecked")
        List<Object> ids = em.createNativeQuery(CLAIM).setParameter("version", versionId).setParameter("now", clock.now())
                .getResultList();
        return ids.isEmpty() ? Optional.empty() : Optional.of((UUID) ids.get(0));
    }

    /** A claimed pool tenant becomes the prospect's: their company, owner, dates and seats. */
    public Tenant assign(UUID id, NewTenant n, String actor) {
        Tenant t = Tenant.findById(id);
        forProspect(t, n);
        t.fromPool = true;
        audit.record(actor, "tenant.create", id, Map.of("company", n.company(), "fromPool", true));
        return t;
    }

    /** What a tenant takes from the request that made it (a pool tenant: at its assignment). */
    private static void forProspect(Tenant t, NewTenant n) {
        t.company = n.company();
        t.ownerEmail = n.owner();
        t.idempotencyKey = n.idempotencyKey();
        t.requestHash = n.requestHash();
        t.createdAt = n.createdAt();
        t.expiresAt = n.expiresAt();
        t.seatLimit = n.seatLimit();
        t.logoUrl = n.logoUrl();
        t.brandColor = n.brandColor();
    }

    public void setOrganization(UUID id, String keycloakOrgId) {
        Tenant.<Tenant> findById(id).keycloakOrgId = keycloakOrgId;
    }

    /** The end of a build: READY for a prospect's tenant, POOLED for a pool build. */
    public Tenant finish(UUID id, TenantState state, long millis, String actor) {
        Tenant t = Tenant.findById(id);
        t.state = state;
        t.readyAt = clock.now();
        t.provisioningStep = ProvisioningStep.READY.name();
        t.stepAt = t.readyAt;
        if (state == TenantState.READY) {
            t.provisioningMillis = millis;
            audit.record(actor, "tenant.ready", id, Map.of("millis", millis, "fromPool", t.fromPool));
        }
        return t;
    }

    /** A build that failed; a no-op when a purge or the reconciler already ended it. */
    public void markFailed(UUID id, String failure, String actor, Map<String, ?> detail) {
        Tenant t = locked(id);
        if (t == null || t.state != TenantState.PROVISIONING || ProvisioningStep.PURGING.name().equals(t.provisioningStep)) {
            return;
        }
        t.state = TenantState.FAILED;
        t.failure = failure;
        t.idempotencyKey = null; // a retry with the same key may try again
        if (actor != null) {
            audit.record(actor, "tenant.rollback", id, detail);
        }
    }

    /**
     * The start of a purge, if the tenant is in a state {@code allowed} accepts (checked on the
     * locked row, so a claim, an extension or a build step that got there first wins): the PURGING
     * step is journaled and the state the tenant had is returned; empty when the purge must not go on.
     */
    public Optional<TenantState> startPurge(UUID id, Predicate<Tenant> allowed) {
        Tenant t = locked(id);
        if (t == null || t.state == TenantState.PURGED || !allowed.test(t)) {
            return Optional.empty();
        }
        t.provisioningStep = ProvisioningStep.PURGING.name();
        t.stepAt = clock.now();
        return Optional.of(t.state);
    }

    /**
     * The reconciler takes over a build whose last step is older than the cutoff (its node
     * crashed): FAILED now, before anything is removed, so a build that was only slow finds its
     * tenant gone at its next step and stops instead of bringing rows back.
     */
    public boolean takeOverStoppedBuild(UUID id, Instant cutoff, String failure, String actor) {
        Tenant t = locked(id);
        if (t == null || t.state != TenantState.PROVISIONING || ProvisioningStep.PURGING.name().equals(t.provisioningStep)
                || (t.stepAt != null && !t.stepAt.isBefore(cutoff))) {
            return false;
        }
        String step = String.valueOf(t.provisioningStep);
        t.state = TenantState.FAILED;
        t.failure = "interrupted after step " + step + "; " + failure;
        t.idempotencyKey = null;
        t.provisioningStep = ProvisioningStep.ROLLING_BACK.name();
        t.stepAt = clock.now();
        audit.record(actor, "tenant.rollback", id, Map.of("step", step));
        return true;
    }

    /** Failed builds whose rollback has not removed everything yet (taken over, teardown not done). */
    public List<UUID> unfinishedRollbacks() {
        return ids(
                Tenant.list("state = ?1 and provisioningStep = ?2", TenantState.FAILED, ProvisioningStep.ROLLING_BACK.name()));
    }

    public void rollbackFinished(UUID id) {
        Tenant t = locked(id);
        if (t != null && ProvisioningStep.ROLLING_BACK.name().equals(t.provisioningStep)) {
            t.provisioningStep = ProvisioningStep.ROLLED_BACK.name();
            t.stepAt = clock.now();
        }
    }

    public void markPurged(UUID id, String actor) {
        Tenant t = locked(id);
        t.state = TenantState.PURGED;
        t.purgedAt = clock.now();
        t.provisioningStep = ProvisioningStep.PURGED.name();
        t.stepAt = t.purgedAt;
        t.idempotencyKey = null;
        audit.record(actor, "tenant.purge", id, Map.of());
    }

    /**
     * The trial became a deal: CONVERTED, which the trial clock never expires or purges. A second
     * conversion changes nothing. @return the state it had before
     */
    public TenantState convert(UUID id, String actor) {
        Tenant t = lockManaged(id);
        if (ProvisioningStep.PURGING.name().equals(t.provisioningStep)) {
            // a purge that stopped half-way is finished by the reconciler; converting now would be lost to it
            throw ApiProblem.conflict("Tenant " + id + " is being purged; it cannot be converted");
        }
        TenantState was = t.state;
        if (was != TenantState.CONVERTED) {
            t.state = TenantState.CONVERTED;
            t.convertedAt = clock.now();
            t.openHouseUntil = null;
            audit.record(actor, "tenant.convert", id, Map.of("from", was.name()));
        }
        return was;
    }

    /** The tenant came from the public trial form (the fleet and reports tell the two sources apart). */
    public void markSelfService(UUID id) {
        em.createNativeQuery("UPDATE tenant SET source = 'self-service' WHERE id = :id").setParameter("id", id).executeUpdate();
    }

    /** The customer moved in: their org chart replaced the template's; only a converted tenant. */
    public Tenant lockConverted(UUID id) {
        Tenant t = lockManaged(id);
        if (t.state != TenantState.CONVERTED) {
            throw ApiProblem.conflict("Tenant " + id + " is " + t.state + "; convert it first (POST /api/tenants/" + id
                    + "/convert), then move in");
        }
        return t;
    }

    /** Logins end now; a no-op for a tenant already expired. */
    public Tenant expire(UUID id, String actor) {
        Tenant t = lockManaged(id);
        t.openHouseUntil = null; // pre-sales ending a trial by hand end it at once, open house included
        if (t.state != TenantState.EXPIRED) {
            t.state = TenantState.EXPIRED;
            if (t.expiresAt.isAfter(clock.now())) {
                t.expiresAt = clock.now();
            }
            audit.record(actor, "tenant.expire", id, Map.of());
        }
        return t;
    }

    /** The trial ends {@code days} later (counted from now if it already ended); an expired tenant opens again. */
    public Tenant extend(UUID id, int days, String actor) {
        Tenant t = lockManaged(id);
        Instant base = t.expiresAt.isAfter(clock.now()) ? t.expiresAt : clock.now();
        t.expiresAt = base.plus(Duration.ofDays(days));
        if (t.state == TenantState.EXPIRED) {
            t.state = t.activatedAt == null ? TenantState.READY : TenantState.ACTIVE;
        }
        t.openHouseUntil = null;
        audit.record(actor, "tenant.extend", id, Map.of("days", days));
        return t;
    }

    /**
     * The trial clock's expiry of one tenant, if it is still due when its row is locked: an
     * extension that landed after the list was made wins.
     */
    public boolean expireIfDue(UUID id, Instant now, Duration openHouse, String actor) {
        Tenant t = locked(id);
        if (t == null || !(t.state == TenantState.READY || t.state == TenantState.ACTIVE) || t.expiresAt.isAfter(now)) {
            return false;
        }
        t.state = TenantState.EXPIRED;
        t.openHouseUntil = openHouse.isZero() ? null : t.expiresAt.plus(openHouse);
        audit.record(actor, "tenant.expire", id, t.openHouseUntil == null ? Map.of()
                : Map.of("openHouseUntil", t.openHouseUntil.toString()));
        return true;
    }

    /** Expired tenants whose open house is over and whose logins are still open. */
    public List<UUID> openHousesEnded(Instant now) {
        return ids(Tenant.list("state = ?1 and openHouseUntil <= ?2", TenantState.EXPIRED, now));
    }

    /**
     * The open house ends: logins close (the caller tells Keycloak). Only if it is still over when
     * the row is locked (an extension that got there first wins). @return whether it ended now
     */
    public boolean endOpenHouse(UUID id, Instant now, String actor) {
        Tenant t = locked(id);
        if (t == null || t.state != TenantState.EXPIRED || t.openHouseUntil == null || t.openHouseUntil.isAfter(now)) {
            return false;
        }
        t.openHouseUntil = null;
        audit.record(actor, "tenant.open-house-end", id, Map.of());
        return true;
    }

    /**
     * The first prospect login turns a READY tenant ACTIVE: one conditional update, so several first
     * logins at once (tabs, a colleague) all go through and only one changes the row.
     */
    public void activate(Tenant t) {
        if (t.state == TenantState.READY) {
            em.createNativeQuery("UPDATE tenant SET state = 'ACTIVE', activated_at = :now, version = version + 1"
                    + " WHERE id = :id AND state = 'READY'").setParameter("now", clock.now()).setParameter("id", t.id)
                    .executeUpdate();
        }
    }

    /** Keycloak did not take a change of the tenant's logins; the reconciler will make them match. */
    public void noteLoginsPending(UUID id, String reason) {
        audit.record("system", "tenant.logins-pending", id, Map.of("reason", String.valueOf(reason)));
    }

    private static List<UUID> ids(List<Tenant> tenants) {
        List<UUID> out = new ArrayList<>(tenants.size());
        tenants.forEach(t -> out.add(t.id));
        return out;
    }
}
