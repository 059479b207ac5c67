package io.modelhouse.portal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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

    public record MemberView(UUID id, String name, String title, String role, String email) {
    }

    public record RecordView(UUID id, String type, String ref, String title, String status, Instant occursAt,
            BigDecimal amount, JsonNode fields, String origin) {
    }

    public record RecordPage(List<RecordView> items, int page, int size, long total) {
    }
}
