package io.modelhouse.portal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** Wire shapes of {@code /api/portal}. */
public final class PortalView {

    private PortalView() {
    }

    public record Me(UUID tenantId, String company, String templateKey, String role, String name, Instant expiresAt,
            long daysLeft) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OrgUnitView(UUID id, UUID parentId, String name, String nameEn, int depth, List<MemberView> members) {
    }

    public record MemberView(UUID id, String name, String title, @Schema(nullable = true) String role, String email) {
    }

    public record RecordView(UUID id, String type, String ref, String title, String status, Instant occursAt,
            @Schema(nullable = true) BigDecimal amount,
            @Schema(implementation = java.util.Map.class, description = "The record's own fields, as its template defines them") JsonNode fields,
            String origin) {
    }

    public record RecordPage(List<RecordView> items, int page, int size, long total) {
    }

    /** A colleague invited by a prospect (the password goes to them by mail). */
    public record Invited(String username, String email, String role) {
    }
}
