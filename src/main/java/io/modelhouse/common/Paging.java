package io.modelhouse.common;

import java.util.List;

/**
 * The page and size of a list call, read from the query as text: a value that is not a whole
 * number is a 400 that says so (bound as an Integer it would be a bare 404), one outside the range
 * a 422 naming it (a huge page times a size overflowed into a server error before).
 */
public record Paging(int page, int size) {

    public static final int MAX_PAGE = 100_000;
    public static final int MAX_SIZE = 200;

    public static Paging of(String page, String size, int defaultSize) {
        return new Paging(number("page", page, 0, 0, MAX_PAGE), number("size", size, defaultSize, 1, MAX_SIZE));
    }

    private static int number(String name, String raw, int orElse, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return orElse;
        }
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new ApiProblem(400, "Bad Request", name + " must be a whole number, not '" + raw + "'");
        }
        if (value < min || value > max) {
            throw ApiProblem.invalid("The paging is out of range", List.of(ApiProblem.FieldError.of(name,
                    name + " must be " + min + ".." + max + (name.equals("page") ? " (pages count from 0)" : ""))));
        }
        return (int) value;
    }
}
