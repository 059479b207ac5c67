package io.modelhouse.template;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * What an admin sets per template: the warm pool's size, the trial length and the seat limit of
 * new tenants, and how self-service requests are handled (signup mode, owner; an empty owner
 * string means round-robin again). A null part stays as it is. The same constraints check the API and the admin page.
 */
public record TemplateSettings(
        @Min(value = 0, message = "pool size must be 0.."
                + TemplateSettings.MAX_POOL) @Max(value = TemplateSettings.MAX_POOL, message = "pool size must be 0.."
                        + TemplateSettings.MAX_POOL) Integer poolSize,
        @Min(value = 1, message = "trial days must be 1..180") @Max(value = 180, message = "trial days must be 1..180") Integer trialDays,
        @Min(value = 1, message = "seat limit must be 1..200") @Max(value = 200, message = "seat limit must be 1..200") Integer seatLimit,
        @jakarta.validation.constraints.Pattern(regexp = "^(auto|review)$", message = "signupMode is auto (built on verification) or review (pre-sales approve first)") String signupMode,
        @jakarta.validation.constraints.Email(message = "signupOwner must be a pre-sales person's mail address") String signupOwner) {

    public static final int MAX_POOL = 500;

    /** Pool size, trial days and seat limit only (the self-service settings stay as they are). */
    public TemplateSettings(Integer poolSize, Integer trialDays, Integer seatLimit) {
        this(poolSize, trialDays, seatLimit, null, null);
    }
}
