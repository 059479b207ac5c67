package io.modelhouse.usage;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** One event as it is stored: who (from the session or token, never from a body), what, when. */
public record UsageEvent(@JsonProperty("tenant_id") UUID tenantId, Instant at, UUID id,
        @JsonProperty("account_id") UUID accountId, String role, String type, String feature, String target,
        @JsonProperty("duration_ms") Integer durationMs, JsonNode props, String origin,
        @JsonProperty("at_clamped") boolean atClamped) {

    /** Who did it: the tenant, the trial account and its role. */
    public record Actor(UUID tenantId, UUID accountId, String role) {
    }
}
