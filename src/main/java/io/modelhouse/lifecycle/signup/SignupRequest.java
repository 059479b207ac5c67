package io.modelhouse.lifecycle.signup;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/trial-requests} and the public form: who asks for a model house. {@code website}
 * is the honeypot a person never fills in; {@code formToken} is what the form page was given when
 * it was shown (the fill-time rule reads it).
 */
public record SignupRequest(
        @NotBlank(message = "company is required: your company's name") @Size(min = 2, max = 120, message = "company is 2 to 120 characters") @Pattern(regexp = "^[^\\p{Cntrl}]*$", message = "company has no control characters") String company,
        @NotBlank(message = "name is required: your name") @Size(max = 60, message = "name is at most 60 characters") @Pattern(regexp = "^[^\\p{Cntrl}]*$", message = "name has no control characters") String name,
        @NotBlank(message = "email is required: your work mail") @Email(message = "email must be a mail address") @Size(max = 200) String email,
        @Size(max = 30, message = "phone is at most 30 characters") @Pattern(regexp = "^[0-9+()\\- ]*$", message = "phone has digits, spaces and + ( ) - only") String phone,
        @NotBlank(message = "templateKey is required: the kind of company (GET /trial lists them)") String templateKey,
        @Pattern(regexp = "^(|1-20|21-100|101-500|501-2000|2000\\+)$", message = "companySize is one of 1-20, 21-100, 101-500, 501-2000, 2000+") String companySize,
        @Pattern(regexp = "^(|EB|UB|TB)$", message = "role is EB (decides and pays), UB (will use it daily) or TB (checks it technically)") String role,
        @Pattern(regexp = "^(|zh-CN|en)$", message = "locale is zh-CN or en") String locale,
        String website,
        String formToken) {
}
