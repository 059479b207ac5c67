package io.modelhouse.lifecycle.signup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.Audit;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.ModelhouseConfig;
import io.modelhouse.common.SealedSecrets;
import io.modelhouse.followup.FollowUpService;
import io.modelhouse.mail.SignupMails;
import io.modelhouse.tenant.TenantService;

/**
 * The requests' rows and their transactions: written with the rules' outcome, taken once by their
 * link, moved on by pre-sales. {@link SignupService} decides; this keeps.
 */
@ApplicationScoped
@Transactional
public class TrialRequests {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EntityManager em;
    @Inject
    ModelhouseClock clock;
    @Inject
    ModelhouseConfig config;
    @Inject
    Audit audit;
    @Inject
    SealedSecrets secrets;
    @Inject
    SignupMails mails;
    @Inject
    TenantService tenants;
    @Inject
    FollowUpService followUps;

    /** A refusal by a rule, kept in the audit log; it commits even though the request fails. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void refused(String rule, String clientIp, String domain) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("rule", rule);
        d.put("ip", clientIp);
        d.put("domain", domain);
        audit.record("public", "trial.refused", null, d);
    }

    /**
     * A new request and its verification mail, in one transaction.
     *
     * @return the link's token (only its hash is stored)
     */
    public String create(SignupRequest r, String domain, String clientIp, String locale, String link) {
        String token = token();
        TrialRequest t = new TrialRequest();
        t.id = UUID.randomUUID();
        t.state = TrialRequest.UNVERIFIED;
        t.company = r.company().strip();
        t.name = r.name().strip();
        t.email = r.email().strip();
        t.mailDomain = domain;
        t.phone = blankToNull(r.phone());
        t.templateKey = r.templateKey().strip();
        t.companySize = blankToNull(r.companySize());
        t.influence = blankToNull(r.role());
        t.locale = locale;
        t.clientIp = clientIp;
        t.tokenHash = hash(token);
        t.createdAt = clock.now();
        t.tokenExpiresAt = t.createdAt.plus(config.trial().signup().linkTtl());
        t.persist();
        mails.verification(t.email, t.name, t.company, locale, link + token, t.tokenExpiresAt);
        audit.record("public", "trial.request", null, Map.of("request", t.id.toString(), "domain", domain,
                "template", t.templateKey));
        return token;
    }

    /** What opening a verification link found. */
    public enum Found {
        UNKNOWN,
        EXPIRED,
        USED,
        TAKEN
    }

    public record Taken(Found found, TrialRequest request) {
    }

    /**
     * Takes a verification link once: the request's row is locked, so two clicks at once see one
     * {@code TAKEN} and one {@code USED}. A taken request moves to {@code state} (building, review
     * or join, as the service decided from it).
     */
    public Taken take(String token, java.util.function.Function<TrialRequest, Decision> decide) {
        Optional<TrialRequest> found = TrialRequest.<TrialRequest> find("tokenHash", hash(token))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
        if (found.isEmpty()) {
            return new Taken(Found.UNKNOWN, null);
        }
        TrialRequest t = found.get();
        if (!TrialRequest.UNVERIFIED.equals(t.state)) {
            return new Taken(Found.USED, t);
        }
        if (!clock.now().isBefore(t.tokenExpiresAt)) {
            return new Taken(Found.EXPIRED, t);
        }
        Decision d = decide.apply(t);
        t.verifiedAt = clock.now();
        t.state = d.state();
        t.reason = d.reason();
        t.tenantId = d.tenantId();
        t.owner = d.owner();
        if (TrialRequest.JOIN.equals(d.state())) {
            followUps.joinRequested(d.tenantId(), t.name, t.influence, t.id);
        }
        audit.record("public", "trial.verify", d.tenantId(), Map.of("request", t.id.toString(), "outcome", d.state(),
                "reason", String.valueOf(d.reason())));
        return new Taken(Found.TAKEN, t);
    }

    /** The service's decision for a verified request. */
    public record Decision(String state, String reason, UUID tenantId, String owner) {
    }

    /** The model house was built: the login's password kept sealed until the first login uses it. */
    public TrialRequest built(UUID id, UUID tenantId, String username, String password, String actor) {
        TrialRequest t = em.find(TrialRequest.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (!TrialRequest.BUILDING.equals(t.state)) {
            return t; // a second build of it (a crash, a double click) found the first one's tenant
        }
        t.state = TrialRequest.PROVISIONED;
        t.tenantId = tenantId;
        t.loginUsername = username;
        t.loginSealed = password == null ? null : secrets.seal(password);
        if (actor != null) {
            t.decidedBy = actor;
            t.decidedAt = clock.now();
        }
        tenants.markSelfService(tenantId);
        followUps.selfService(tenantId, t.name, t.influence, t.companySize);
        mails.attach(t.email, tenantId);
        audit.record(actor == null ? "public" : actor, "trial.provisioned", tenantId, Map.of("request", t.id.toString()));
        return t;
    }

    /**
     * The sealed password for the one login the link gives, removed as it is handed out: a second
     * use of the link finds none.
     */
    public Optional<String> takeLogin(UUID id) {
        TrialRequest t = em.find(TrialRequest.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (t == null || t.loginSealed == null) {
            return Optional.empty();
        }
        String sealed = t.loginSealed;
        t.loginSealed = null;
        return Optional.of(secrets.unseal(sealed));
    }

    /** A pre-sales person's decision on a request waiting for review or for a join. */
    public TrialRequest decide(UUID id, String state, String actor) {
        TrialRequest t = em.find(TrialRequest.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (t == null) {
            throw ApiProblem.notFound("Trial request " + id);
        }
        t.state = state;
        t.decidedBy = actor;
        t.decidedAt = clock.now();
        audit.record(actor, "trial." + state, t.tenantId, Map.of("request", t.id.toString()));
        return t;
    }

    /** Moves a request that is in one of {@code expected} to {@code next} (409 otherwise), for pre-sales. */
    public TrialRequest moveOn(UUID id, List<String> expected, String next, String actor) {
        TrialRequest t = lockIn(id, expected);
        t.state = next;
        t.decidedBy = actor;
        t.decidedAt = clock.now();
        audit.record(actor, "trial." + next, t.tenantId, Map.of("request", t.id.toString()));
        return t;
    }

    /** The build after a verification failed: the request waits for pre-sales (approve tries again). */
    public void failed(UUID id, String why) {
        TrialRequest t = em.find(TrialRequest.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (!TrialRequest.BUILDING.equals(t.state)) {
            return;
        }
        t.state = TrialRequest.REVIEW;
        t.reason = "failed";
        audit.record("public", "trial.failed", null, Map.of("request", id.toString(), "error", String.valueOf(why)));
    }

    /** A request as it is now, locked for a decision on it (409 unless it is in {@code expected}). */
    public TrialRequest lockIn(UUID id, List<String> expected) {
        TrialRequest t = em.find(TrialRequest.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (t == null) {
            throw ApiProblem.notFound("Trial request " + id);
        }
        if (!expected.contains(t.state)) {
            throw ApiProblem.conflict("Trial request " + id + " is " + t.state + "; it can be decided while " + expected);
        }
        return t;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<TrialRequest> find(UUID id) {
        return TrialRequest.findByIdOptional(id);
    }

    /** Newest first; {@code state} null for all. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TrialRequest> newest(String state, int limit) {
        return (state == null ? TrialRequest.<TrialRequest> find("order by createdAt desc")
                : TrialRequest.<TrialRequest> find("state = ?1 order by createdAt desc", state)).page(0, limit).list();
    }

    /** The template a link's request is for, read without a lock (to find its owner before taking it). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> templateOf(String token) {
        return TrialRequest.<TrialRequest> find("tokenHash", hash(token)).firstResultOptional().map(t -> t.templateKey);
    }

    /** Whether some person of the tenant has a mail at this domain (a colleague, not a namesake). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean domainKnownIn(UUID tenantId, String domain) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM trial_account WHERE tenant_id = :t AND state <> 'DELETED'"
                + " AND lower(split_part(email, '@', 2)) = :d").setParameter("t", tenantId).setParameter("d", domain)
                .getSingleResult()).longValue() > 0;
    }

    /** Self-service tenants of a mail domain still open (the limit per domain counts these). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UUID> openTrialsOfDomain(String domain) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("SELECT t.id FROM trial_request r JOIN tenant t ON t.id = r.tenant_id"
                + " WHERE r.mail_domain = :d AND r.state = 'provisioned' AND t.state IN ('READY', 'ACTIVE')"
                + " ORDER BY t.created_at DESC").setParameter("d", domain).getResultList();
        return ids;
    }

    /** How many requests were given an owner so far (the round-robin's turn). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long owned() {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM trial_request WHERE owner IS NOT NULL").getSingleResult())
                .longValue();
    }

    /**
     * Requests that never became a model house (never verified, or refused) before {@code cutoff}
     * go, with their verification mails written before it. @return how many requests
     */
    public int forgetStale(java.time.Instant cutoff) {
        String stale = "tenant_id IS NULL AND ((state = 'unverified' AND token_expires_at < :c)"
                + " OR (state = 'refused' AND decided_at < :c))";
        em.createNativeQuery("DELETE FROM mail_outbox WHERE tenant_id IS NULL AND kind = 'trial-verify' AND created_at < :c"
                + " AND lower(to_address) IN (SELECT lower(email) FROM trial_request WHERE " + stale + ")")
                .setParameter("c", cutoff).executeUpdate();
        return em.createNativeQuery("DELETE FROM trial_request WHERE " + stale).setParameter("c", cutoff).executeUpdate();
    }

    /** A purged tenant's requests go with it: they hold its people's names and mails. */
    public void forget(UUID tenantId) {
        em.createNativeQuery("DELETE FROM trial_request WHERE tenant_id = :t").setParameter("t", tenantId).executeUpdate();
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
