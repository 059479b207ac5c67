package io.modelhouse.common;

import java.util.List;
import java.util.UUID;

/** Ids from paths and query parameters: a malformed one is a 404 (path) or a 422 naming the parameter (query). */
public final class Ids {

    private Ids() {
    }

    /** An id from a path: what does not parse does not exist. */
    public static UUID require(String raw, String what) {
        try {
            return UUID.fromString(raw.trim());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.notFound(what + " " + raw);
        }
    }

    /** An optional id from a query parameter. */
    public static UUID optional(String raw, String param) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(raw.trim());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(param + " is not an id", List.of(ApiProblem.FieldError.of(param, "use a UUID")));
        }
    }
}
