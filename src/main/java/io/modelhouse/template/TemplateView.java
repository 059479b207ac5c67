package io.modelhouse.template;

import java.util.List;

/** Wire shapes of {@code /api/templates}. */
public final class TemplateView {

    private TemplateView() {
    }

    public record Item(String key, String name, String customerType, Integer publishedVersion, Integer draftVersion) {
    }

    public record Detail(String key, String name, Localized names, String customerType, Integer publishedVersion,
            List<Version> versions, List<Role> roles, Summary summary, int trialDays, int seatLimit, String timeZone) {
    }

    public record Version(int version, String state, String createdAt, String publishedAt) {
    }

    public record Role(String key, Localized name, String influence, Localized cares) {
    }

    public record Summary(long people, long orgUnits, long records, int recordTypes, int integrations, int scenarios,
            int documents) {
    }
}
