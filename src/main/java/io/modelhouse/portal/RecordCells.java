package io.modelhouse.portal;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.modelhouse.common.Labels;
import io.modelhouse.common.Messages;
import io.modelhouse.template.TemplateBundle;

/** How a record type's values read on a page: column titles and cells, in the page's language and the tenant's zone. */
final class RecordCells {

    private final Map<String, String> statusNames = new HashMap<>();
    private final Map<String, String> fieldNames = new HashMap<>();
    private final Map<String, String> fieldTypes = new HashMap<>();
    private final DateTimeFormatter minutes;
    private final java.util.function.Function<java.time.Instant, String> near;
    private final Messages m;

    /** {@code near}: how the record's own time reads (relative to today where that reads better). */
    RecordCells(TemplateBundle.RecordType type, Locale locale, Messages m, DateTimeFormatter minutes,
            java.util.function.Function<java.time.Instant, String> near) {
        type.statuses().forEach(s -> statusNames.put(s.key(), s.name().in(locale)));
        type.fields().forEach(f -> {
            fieldNames.put(f.key(), f.name().in(locale));
            fieldTypes.put(f.key(), f.type());
        });
        this.minutes = minutes;
        this.near = near;
        this.m = m;
    }

    static List<String> columnKeys(TemplateBundle.RecordType type) {
        return type.listColumns() == null || type.listColumns().isEmpty() ? List.of("ref", "title", "status", "when")
                : type.listColumns();
    }

    String title(String column) {
        String builtIn = Labels.recordColumn(m, column);
        return builtIn != null ? builtIn : fieldNames.getOrDefault(column, column);
    }

    String status(String key) {
        return statusNames.getOrDefault(key, key);
    }

    String cell(PortalView.RecordView r, String column) {
        return switch (column) {
            case "ref" -> r.ref();
            case "title" -> r.title();
            case "status" -> status(r.status());
            case "when" -> near.apply(r.occursAt());
            default -> !r.fields().hasNonNull(column) ? ""
                    : "money".equals(fieldTypes.get(column))
                            ? String.format(Locale.ROOT, "%,.2f", r.fields().get(column).asDouble())
                            : "date".equals(fieldTypes.get(column)) ? date(r.fields().get(column).asText())
                                    : r.fields().get(column).asText();
        };
    }

    private String date(String iso) {
        try {
            return minutes.format(OffsetDateTime.parse(iso).toInstant());
        } catch (DateTimeParseException e) {
            return iso;
        }
    }
}
