package io.modelhouse.tenant;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A tenant on the wire (API.md). Passwords appear once, in the answer to the create call. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantView(UUID id, String templateKey, int templateVersion, String company, String state, String failure,
        Instant createdAt, Instant readyAt, Instant expiresAt, Long provisioningMillis, boolean fromPool, String ownerEmail,
        List<Account> accounts) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Account(String email, String username, String name, String role, String state, String loginUrl,
            String initialPassword) {
    }

    public record Page(List<TenantView> items, int page, int size, long total) {
    }
}
