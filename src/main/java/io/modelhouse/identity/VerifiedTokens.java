package io.modelhouse.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Tokens OIDC has verified, remembered by the token's SHA-256 until the token's own expiry (bounded
 * in number: quarkus.cache.caffeine."verified-tokens"), so a page's ID token and a script's bearer
 * token are not parsed and their RSA signatures checked again on every request (a fifth of a portal
 * page's CPU in a profile). Asked before OIDC's own provider; a token it has not seen, or one past its
 * expiry, goes on to OIDC, and {@link Recorder} keeps what OIDC verified. The key holds the OIDC
 * tenant too ("web" pages, the default one for /api), because the same string is judged by each
 * tenant's rules.
 * <p>
 * What a token does not say is not cached here: whether its account is still enabled and its trial
 * open is decided by {@link ProspectResolver} against our own tables.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    public static final String CACHE = "verified-tokens";
    /** Marks an identity served from here, so the recorder does not store it again. */
    static final String FROM_CACHE = "modelhouse.verified-token-cache";

    @Inject
    @CacheName(CACHE)
    Cache cache;
    @Inject
    MeterRegistry meters;

    private io.micrometer.core.instrument.Counter hits;
    private io.micrometer.core.instrument.Counter misses;
    private io.micrometer.core.instrument.Counter expired;

    @jakarta.annotation.PostConstruct
    void counters() {
        hits = meters.counter("modelhouse.auth.verified_tokens", "result", "hit");
        misses = meters.counter("modelhouse.auth.verified_tokens", "result", "miss");
        expired = meters.counter("modelhouse.auth.verified_tokens", "result", "expired");
    }

    record Verified(SecurityIdentity identity, long expiresAt) {
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before OIDC's provider (whose priority is the default). */
    @Override
    public int priority() {
        return SYSTEM_FIRST;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (rc == null || request.getToken() == null || request.getToken().getToken() == null) {
            return Uni.createFrom().nullItem();
        }
        String key = key(rc.get(OidcUtils.TENANT_ID_ATTRIBUTE), request.getToken().getToken());
        CompletableFuture<Verified> hit = cache.as(CaffeineCache.class).getIfPresent(key);
        if (hit == null || !hit.isDone() || hit.isCompletedExceptionally()) {
            misses.increment();
            return Uni.createFrom().nullItem();
        }
        Verified v = hit.join();
        if (Instant.now().getEpochSecond() >= v.expiresAt()) {
            // past its expiry: OIDC decides (it refreshes a session, or refuses a bearer token)
            cache.invalidate(key).await().indefinitely();
            expired.increment();
            return Uni.createFrom().nullItem();
        }
        hits.increment();
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(v.identity())
                .addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, rc)
                .addAttribute(FROM_CACHE, Boolean.TRUE).build());
    }

    static String key(Object oidcTenant, String token) {
        try {
            return oidcTenant + ":" + HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Keeps each identity OIDC has just verified from a token (the last augmentor, so it stores what
     * the request would have seen), without the request it came with.
     */
    @ApplicationScoped
    public static class Recorder implements SecurityIdentityAugmentor {

        @Inject
        @CacheName(CACHE)
        Cache cache;

        @Override
        public int priority() {
            return Integer.MIN_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            if (identity.isAnonymous() || identity.getAttribute(FROM_CACHE) != null
                    || !(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getRawToken() == null
                    || jwt.getExpirationTime() <= 0 || identity.getAttribute(OidcUtils.TENANT_ID_ATTRIBUTE) == null) {
                return Uni.createFrom().item(identity);
            }
            // the request's own routing context is not kept: each hit gets its own
            SecurityIdentity kept = QuarkusSecurityIdentity.builder(identity)
                    .addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, null).build();
            cache.as(CaffeineCache.class).put(key(identity.getAttribute(OidcUtils.TENANT_ID_ATTRIBUTE), jwt.getRawToken()),
                    CompletableFuture.completedFuture(new Verified(kept, jwt.getExpirationTime())));
            return Uni.createFrom().item(identity);
        }
    }
}
