package io.modelhouse.template;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Wire shapes of {@code /api/templates}. */
public final class TemplateView {

    private TemplateView() {
    }

    public record Item(String key, String name, String nameEn, String customerType,
            @Schema(nullable = true) Integer publishedVersion,
            @Schema(nullable = true) Integer draftVersion) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String key, String name, Localized names, String customerType,
            @Schema(nullable = true) Integer publishedVersion,
            @Schema(nullable = true) Integer draftVersion, List<Version> versions, List<Role> roles, BundleSummary summary,
            Pool pool, int trialDays,
            int seatLimit, String timeZone) {
    }

    public record Version(int version, String state, String createdAt, @Schema(nullable = true) String createdBy,
            @Schema(nullable = true) String publishedAt,
            @Schema(nullable = true) String retiredAt) {
        public static Version of(TemplateVersion v) {
            return new Version(v.version, v.state.name(), String.valueOf(v.createdAt), v.createdBy,
                    v.publishedAt == null ? null : v.publishedAt.toString(),
                    v.retiredAt == null ? null : v.retiredAt.toString());
        }
    }

    public record Role(String key, Localized name, String influence, @Schema(nullable = true) Localized cares) {
    }

    public record Pool(int size, long ready) {
    }

    public record Validation(boolean valid, String key, BundleSummary summary) {
    }

    public record Imported(String key, int version, String state) {
    }
}
