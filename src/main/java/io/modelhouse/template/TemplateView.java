package io.modelhouse.template;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Wire shapes of {@code /api/templates}. */
public final class TemplateView {

    private TemplateView() {
    }

    public record Item(String key, String name, String nameEn, String customerType, Integer publishedVersion,
            Integer draftVersion) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String key, String name, Localized names, String customerType, Integer publishedVersion,
            Integer draftVersion, List<Version> versions, List<Role> roles, BundleSummary summary, Pool pool, int trialDays,
            int seatLimit, String timeZone) {
    }

    public record Version(int version, String state, String createdAt, String createdBy, String publishedAt, String retiredAt) {
        public static Version of(TemplateVersion v) {
            return new Version(v.version, v.state.name(), String.valueOf(v.createdAt), v.createdBy,
                    v.publishedAt == null ? null : v.publishedAt.toString(),
                    v.retiredAt == null ? null : v.retiredAt.toString());
        }
    }

    public record Role(String key, Localized name, String influence, Localized cares) {
    }

    public record Pool(int size, long ready) {
    }

    public record Validation(boolean valid, String key, BundleSummary summary) {
    }

    public record Imported(String key, int version, String state) {
    }
}
