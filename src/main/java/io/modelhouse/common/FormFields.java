package io.modelhouse.common;

import java.util.Map;

import jakarta.validation.Validator;

/** What page forms share: their request record checked by the API's constraints, and number fields. */
public final class FormFields {

    private FormFields() {
    }

    /** Bean Validation of a form's request record: the API's constraints, each error keyed by the field's path. */
    public static <T> void check(Validator validator, T request, Map<String, String> errors) {
        validator.validate(request).forEach(v -> errors.putIfAbsent(v.getPropertyPath().toString(), v.getMessage()));
    }

    /** A number field: empty is null (leave as it is); text that is no number fails the range check. */
    public static Integer number(String field) {
        if (field == null || field.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(field.trim());
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
    }
}
