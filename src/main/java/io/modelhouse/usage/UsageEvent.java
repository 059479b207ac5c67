package io.modelhouse.usage;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event as it is stored: who (from the session or token, never from a body), what, when.
 * {@code clientId}: the id is the client's own, stored once per tenant however often it is sent.
 */
public record UsageEvent(@JsonProperty("tenant_id") UUID tenantId, Instant at, UUID id,
        @JsonProperty("account_id") UUID accountId, String role, String type, String feature, String target,
        @JsonProperty("duration_ms") Integer durationMs, JsonNode props, String origin,
        @JsonProperty("at_clamped") boolean atClamped, @JsonProperty("client_id") boolean clientId) {

    /** An event whose id the server made. */
    public UsageEvent(UUID tenantId, Instant at, UUID id, UUID accountId, String role, String type, String feature,
            String target, Integer durationMs, JsonNode props, String origin, boolean atClamped) {
        this(tenantId, at, id, accountId, role, type, feature, target, durationMs, props, origin, atClamped, false);
    }

    /** Who did it: the tenant, the trial account and its role. */
    public record Actor(UUID tenantId, UUID accountId, String role) {
    }
}
