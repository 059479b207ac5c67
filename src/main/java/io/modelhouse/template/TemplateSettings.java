package io.modelhouse.template;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * What an admin sets per template: the warm pool's size, the trial length and the seat limit of
 * new tenants. A null part stays as it is. The same constraints check the API and the admin page.
 */
public record TemplateSettings(
        @Min(value = 0, message = "pool size must be 0.."
                + TemplateSettings.MAX_POOL) @Max(value = TemplateSettings.MAX_POOL, message = "pool size must be 0.."
                        + TemplateSettings.MAX_POOL) Integer poolSize,
        @Min(value = 1, message = "trial days must be 1..180") @Max(value = 180, message = "trial days must be 1..180") Integer trialDays,
        @Min(value = 1, message = "seat limit must be 1..200") @Max(value = 200, message = "seat limit must be 1..200") Integer seatLimit) {

    public static final int MAX_POOL = 500;
}
