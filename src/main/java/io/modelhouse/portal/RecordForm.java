package io.modelhouse.portal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.modelhouse.common.Messages;
import io.modelhouse.template.TemplateBundle;

/**
 * A record's create/edit form, checked against what its template declares: title, status (one of
 * the type's statuses), when, and each declared field by its type. Hand-written rather than Bean
 * Validation because the fields are the template's, not a class's: each type has its own. What is
 * wrong is reported at the field, in the page's language.
 */
public final class RecordForm {

    public static final int TITLE_MAX = 200;
    public static final int TEXT_MAX = 200;
    static final BigDecimal NUMBER_MAX = new BigDecimal("1000000");
    static final BigDecimal MONEY_MAX = new BigDecimal("100000000");
    public static final DateTimeFormatter LOCAL_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    /** What a valid form holds, ready to store. */
    public record Values(String title, String status, Instant occursAt, Map<String, Object> fields, String person) {
    }

    /** The checked form: values when nothing is wrong, else the errors by field name. */
    public record Checked(Values values, Map<String, String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private RecordForm() {
    }

    /**
     * @param raw the posted fields: {@code title}, {@code status}, {@code when} (yyyy-MM-ddTHH:mm in
     *        the tenant's zone) and {@code f.<key>} per declared field
     * @param people the names a person field may take (the tenant's members)
     */
    public static Checked check(TemplateBundle.RecordType type, Map<String, String> raw, ZoneId zone, Set<String> people,
            Messages m) {
        Map<String, String> errors = new LinkedHashMap<>();
        String title = trim(raw.get("title"));
        if (title.isEmpty()) {
            errors.put("title", m.record_required());
        } else if (title.length() > TITLE_MAX) {
            errors.put("title", m.record_tooLong(TITLE_MAX));
        }
        String status = trim(raw.get("status"));
        if (type.statuses().stream().noneMatch(s -> s.key().equals(status))) {
            errors.put("status", m.record_choose());
        }
        Instant at = null;
        String when = trim(raw.get("when"));
        if (when.isEmpty()) {
            errors.put("when", m.record_required());
        } else {
            try {
                at = LocalDateTime.parse(when, LOCAL_MINUTES).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                errors.put("when", m.record_dateTime());
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        String person = null;
        for (TemplateBundle.Field f : type.fields()) {
            String name = "f." + f.key();
            String v = trim(raw.get(name));
            if (v.isEmpty()) {
                continue; // declared fields are optional: a new order may not have a driver yet
            }
            switch (f.type()) {
                case "number", "money" -> {
                    boolean money = f.type().equals("money");
                    BigDecimal max = money ? MONEY_MAX : NUMBER_MAX;
                    try {
                        BigDecimal n = new BigDecimal(v.replace(",", ""));
                        if (!money && n.stripTrailingZeros().scale() > 0) {
                            errors.put(name, m.record_wholeNumber());
                        } else if (money && n.stripTrailingZeros().scale() > 2) {
                            errors.put(name, m.record_money());
                        } else if (n.signum() < 0 || n.compareTo(max) > 0) {
                            errors.put(name, m.record_range("0", max.toPlainString()));
                        } else {
                            fields.put(f.key(), money ? n.setScale(2) : n.stripTrailingZeros().toBigInteger());
                        }
                    } catch (NumberFormatException e) {
                        errors.put(name, money ? m.record_money() : m.record_wholeNumber());
                    }
                }
                case "date" -> {
                    try {
                        fields.put(f.key(), LocalDate.parse(v).atStartOfDay(zone).toOffsetDateTime().toString());
                    } catch (DateTimeParseException e) {
                        errors.put(name, m.record_date());
                    }
                }
                case "person" -> {
                    if (people.contains(v)) {
                        fields.put(f.key(), v);
                        person = person == null ? v : person;
                    } else {
                        errors.put(name, m.record_choose());
                    }
                }
                default -> {
                    if (v.length() > TEXT_MAX) {
                        errors.put(name, m.record_tooLong(TEXT_MAX));
                    } else {
                        fields.put(f.key(), v);
                    }
                }
            }
        }
        return new Checked(errors.isEmpty() ? new Values(title, status, at, fields, person) : null, errors);
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }
}
