package io.modelhouse.tenant;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The tenant named by the caller's token (claim {@code tenant_id}, from the trial user's Keycloak
 * attribute). Never from a URL or a form. Staff tokens carry none. Whether the tenant is still open
 * and the user still one of its accounts is checked by the portal against the control plane.
 */
@RequestScoped
public class RequestTenant {

    public static final String CLAIM = "tenant_id";

    @Inject
    SecurityIdentity identity;

    private Optional<UUID> resolved;

    public Optional<UUID> tenantId() {
        if (resolved == null) {
            resolved = fromToken();
        }
        return resolved;
    }

    private Optional<UUID> fromToken() {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Optional.empty();
        }
        Object claim = jwt.getClaim(CLAIM);
        if (claim == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(claim.toString().replace("\"", "")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
