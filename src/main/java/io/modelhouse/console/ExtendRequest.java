package io.modelhouse.console;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** {@code POST /api/tenants/{id}/extend}, and the console's extend form. */
public record ExtendRequest(
        @NotNull(message = "days is required: send {\"days\": n}") @Min(value = 1, message = "days must be 1..180") @Max(value = 180, message = "days must be 1..180") Integer days) {
}
