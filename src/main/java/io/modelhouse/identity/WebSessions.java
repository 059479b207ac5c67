package io.modelhouse.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelhouse.common.SealedSecrets;
import io.modelhouse.tenant.TenantContext;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.oidc.AuthorizationCodeTokens;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TokenStateManager;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * The browser's login session, kept on the server: the session cookie carries one random id (32
 * bytes, 43 characters), and the tokens stay in table {@code web_session}, sealed, keyed by the id's
 * SHA-256, with a bounded cache in front (quarkus.cache.caffeine."web-sessions"). Any node finds a
 * session another node made; a logout deletes the row, and every node's cache forgets within its
 * expire-after-write (30 s), so a session ended on one node is ended on all within that bound.
 * <p>
 * Ours, not the platform's: quarkus-oidc-db-token-state-manager is not served here for this platform
 * version, and the default manager puts three encrypted tokens (5.5 KB of cookies) into every
 * request, which Vert.x splits and OIDC decrypts again on each click (a quarter of a portal page's
 * CPU in a profile).
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class WebSessions implements TokenStateManager {

    private static final Logger LOG = Logger.getLogger(WebSessions.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What we hand out: 32 random bytes, base64url without padding. Anything else is not ours. */
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final UUID NO_TENANT = UUID.fromString(TenantContext.NO_TENANT);

    public static final String CACHE = "web-sessions";

    /** A session as the cache keeps it: the tokens and whose they are. */
    record Session(AuthorizationCodeTokens tokens, String subject, String sid, Instant expiresAt) {
    }

    @Inject
    DataSource db;
    @Inject
    SealedSecrets sealed;
    @Inject
    ObjectMapper json;
    @Inject
    TenantContext tenantContext;
    @Inject
    @CacheName(CACHE)
    Cache cache;

    @Override
    public Uni<String> createTokenState(RoutingContext rc, OidcTenantConfig config, AuthorizationCodeTokens tokens,
            OidcRequestContext<String> blocking) {
        JsonNode id = claims(tokens.getIdToken());
        String subject = id.path("sub").asText(null);
        if (subject == null) {
            LOG.warnf("an ID token without a subject; its claims: %s", id.properties().stream().map(e -> e.getKey()).toList());
            return Uni.createFrom().failure(new AuthenticationFailedException("the ID token names no subject"));
        }
        String sid = id.path("sid").asText(null);
        Instant expires = expiry(config, tokens, id);
        String current = currentCookie(rc, config);
        return blocking.runBlocking(() -> {
            String sealedTokens = sealed.seal(write(tokens));
            // a refresh of this person's own session keeps its id (parallel requests of the page go
            // on with the same cookie); any other cookie, e.g. one planted before a login, is never reused
            if (current != null && update(current, subject, sid, sealedTokens, expires)) {
                remember(current, new Session(tokens, subject, sid, expires));
                return current;
            }
            byte[] raw = new byte[32];
            RANDOM.nextBytes(raw);
            String sessionId = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            sql(c -> {
                try (PreparedStatement st = c.prepareStatement("INSERT INTO web_session (key_hash, subject, sid, tokens,"
                        + " expires_at) VALUES (?, ?, ?, ?, ?)")) {
                    st.setBytes(1, hash(sessionId));
                    st.setString(2, subject);
                    st.setString(3, sid);
                    st.setString(4, sealedTokens);
                    st.setTimestamp(5, Timestamp.from(expires));
                    return st.executeUpdate();
                }
            });
            remember(sessionId, new Session(tokens, subject, sid, expires));
            return sessionId;
        });
    }

    @Override
    public Uni<AuthorizationCodeTokens> getTokens(RoutingContext rc, OidcTenantConfig config, String value,
            OidcRequestContext<AuthorizationCodeTokens> blocking) {
        if (value == null || !SESSION_ID.matcher(value).matches()) {
            // forged, tampered or a cookie of the old format: OIDC drops it and asks for a login
            return Uni.createFrom().failure(new AuthenticationFailedException("not a session id"));
        }
        var hit = cache.as(CaffeineCache.class).<Session> getIfPresent(value);
        if (hit != null && hit.isDone() && !hit.isCompletedExceptionally()) {
            Session s = hit.join();
            if (wallClock().isBefore(s.expiresAt())) {
                return Uni.createFrom().item(s.tokens());
            }
        }
        return blocking.runBlocking(() -> {
            Session s = load(value).orElseThrow(() -> new AuthenticationFailedException("no such session"));
            remember(value, s);
            return s.tokens();
        });
    }

    @Override
    public Uni<Void> deleteTokens(RoutingContext rc, OidcTenantConfig config, String value,
            OidcRequestContext<Void> blocking) {
        if (value == null || !SESSION_ID.matcher(value).matches()) {
            return Uni.createFrom().voidItem();
        }
        return blocking.runBlocking(() -> {
            end(value);
            return null;
        });
    }

    /** Ends one session now (logout): its row goes, and this node's cache forgets it at once. */
    void end(String sessionId) {
        sql(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM web_session WHERE key_hash = ?")) {
                st.setBytes(1, hash(sessionId));
                return st.executeUpdate();
            }
        });
        cache.invalidate(sessionId).await().indefinitely();
    }

    /**
     * Ends every session of one Keycloak session (a back-channel logout names it by {@code sid}) on
     * every node: rows go now; other nodes' caches forget within their bound, and this node's at once.
     *
     * @return how many sessions ended
     */
    public int endKeycloakSession(String sid) {
        int n = sql(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM web_session WHERE sid = ?")) {
                st.setString(1, sid);
                return st.executeUpdate();
            }
        });
        forget(s -> sid.equals(s.sid()));
        return n;
    }

    /**
     * Keycloak's back-channel logout (an admin ended the person's Keycloak session, or they logged
     * out of another app of the realm): OIDC remembers the logout token on the node it reached;
     * deleting the rows of that {@code sid} ends the session on every node. Off the event loop,
     * since it is a database write.
     */
    void onBackChannelLogout(@Observes io.quarkus.oidc.SecurityEvent event) {
        if (event.getEventType() != io.quarkus.oidc.SecurityEvent.Type.OIDC_BACKCHANNEL_LOGOUT_INITIATED) {
            return;
        }
        String sid = logoutSid(event.getEventProperties().get("logout_token"));
        if (sid == null) {
            LOG.warn("a back-channel logout without a session id (sid): only the node it reached ends it");
            return;
        }
        io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                LOG.debugf("back-channel logout of Keycloak session %s: %d web sessions ended", sid, endKeycloakSession(sid));
            } catch (RuntimeException e) {
                LOG.warnf("back-channel logout of Keycloak session %s not stored (%s): only this node ends it now", sid,
                        e.getMessage());
            }
        });
    }

    /**
     * The {@code sid} of a verified logout token. OIDC hands the event its verification result, whose
     * claims sit in a field without a getter (io.quarkus.oidc.runtime.TokenVerificationResult), so it
     * is read reflectively; WebSessionAccessTest fails if a Quarkus upgrade moves it.
     */
    static String logoutSid(Object verified) {
        if (verified instanceof io.vertx.core.json.JsonObject j) {
            return j.getString("sid");
        }
        if (verified == null) {
            return null;
        }
        try {
            var field = verified.getClass().getDeclaredField("localVerificationResult");
            field.setAccessible(true);
            return field.get(verified) instanceof io.vertx.core.json.JsonObject j ? j.getString("sid") : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Every session of a person ends (their account was disabled or removed). */
    public int endSessionsOf(String subject) {
        int n = sql(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM web_session WHERE subject = ?")) {
                st.setString(1, subject);
                return st.executeUpdate();
            }
        });
        forget(s -> subject.equals(s.subject()));
        return n;
    }

    /** Deletes sessions past their expiry (the scheduler's sweep). */
    public int sweep() {
        return sql(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM web_session WHERE expires_at < ?")) {
                st.setTimestamp(1, Timestamp.from(wallClock()));
                return st.executeUpdate();
            }
        });
    }

    private Optional<Session> load(String sessionId) {
        return sql(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT subject, sid, tokens, expires_at FROM web_session WHERE key_hash = ? AND expires_at > ?")) {
                st.setBytes(1, hash(sessionId));
                st.setTimestamp(2, Timestamp.from(wallClock()));
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Session(read(sealed.unseal(rs.getString(3))), rs.getString(1), rs.getString(2),
                            rs.getTimestamp(4).toInstant()));
                }
            }
        });
    }

    private boolean update(String sessionId, String subject, String sid, String sealedTokens, Instant expires) {
        if (!SESSION_ID.matcher(sessionId).matches()) {
            return false;
        }
        return sql(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE web_session SET tokens = ?, sid = ?, expires_at = ?,"
                    + " updated_at = now() WHERE key_hash = ? AND subject = ?")) {
                st.setString(1, sealedTokens);
                st.setString(2, sid);
                st.setTimestamp(3, Timestamp.from(expires));
                st.setBytes(4, hash(sessionId));
                st.setString(5, subject);
                return st.executeUpdate();
            }
        }) == 1;
    }

    /**
     * This node's cache forgets the sessions that match (the cache is keyed by the cookie's id, which the rows do not hold).
     */
    private void forget(java.util.function.Predicate<Session> which) {
        CaffeineCache c = cache.as(CaffeineCache.class);
        for (Object key : c.keySet()) {
            var f = c.<Session> getIfPresent(key);
            if (f != null && f.isDone() && !f.isCompletedExceptionally() && which.test(f.join())) {
                c.invalidate(key).await().indefinitely();
            }
        }
    }

    /**
     * Session lifetimes follow the tokens Keycloak signed, so they run on the wall clock, never on the
     * business clock (which tests and demos move by weeks to reach an expiry).
     */
    private static Instant wallClock() {
        return Instant.now();
    }

    private void remember(String sessionId, Session s) {
        cache.as(CaffeineCache.class).put(sessionId, java.util.concurrent.CompletableFuture.completedFuture(s));
    }

    /** The row lives as long as OIDC would keep the cookie: the ID token's (or refresh token's) end plus the extension. */
    private Instant expiry(OidcTenantConfig config, AuthorizationCodeTokens tokens, JsonNode id) {
        long exp = id.path("exp").asLong(wallClock().getEpochSecond() + 300);
        if (config.token().refreshExpired() && tokens.getRefreshToken() != null) {
            exp = Math.max(exp, claims(tokens.getRefreshToken()).path("exp").asLong(exp));
        }
        Duration extension = config.authentication().sessionAgeExtension().orElse(Duration.ofMinutes(5));
        return Instant.ofEpochSecond(exp).plus(extension);
    }

    private static String currentCookie(RoutingContext rc, OidcTenantConfig config) {
        Cookie c = rc.request().getCookie(OidcUtils.getSessionCookieName(config));
        return c == null ? null : c.getValue();
    }

    /** A JWT's claims, read without checking its signature: only for tokens OIDC has just verified or Keycloak just gave us. */
    private JsonNode claims(String jwt) {
        try {
            String[] parts = jwt.split("\\.");
            return json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (RuntimeException | java.io.IOException e) {
            LOG.debugf("a token that is not a JWT (%s)", e);
            return json.createObjectNode();
        }
    }

    private String write(AuthorizationCodeTokens t) {
        var node = json.createObjectNode();
        node.put("id", t.getIdToken());
        node.put("at", t.getAccessToken());
        node.put("rt", t.getRefreshToken());
        if (t.getAccessTokenExpiresIn() != null) {
            node.put("exp", t.getAccessTokenExpiresIn());
        }
        node.put("scope", t.getAccessTokenScope());
        return node.toString();
    }

    private AuthorizationCodeTokens read(String text) {
        try {
            JsonNode n = json.readTree(text);
            return new AuthorizationCodeTokens(n.path("id").asText(null), n.path("at").asText(null),
                    n.path("rt").asText(null), n.hasNonNull("exp") ? n.get("exp").asLong() : null,
                    n.path("scope").asText(null));
        } catch (java.io.IOException e) {
            throw new AuthenticationFailedException("a session that cannot be read");
        }
    }

    static byte[] hash(String sessionId) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    interface Sql<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Plain JDBC, one statement, autocommit: this runs while a request is being authenticated, before
     * there is an identity to take a tenant from, so no Hibernate session (its tenant resolver reads
     * the identity) and the connection is marked as serving no tenant.
     */
    private <T> T sql(Sql<T> work) {
        Supplier<T> run = () -> {
            try (Connection c = db.getConnection()) {
                return work.run(c);
            } catch (SQLException e) {
                LOG.warnf("web session store: %s", e.getMessage());
                throw new AuthenticationFailedException(e);
            }
        };
        return tenantContext.runAs(NO_TENANT, run);
    }
}
