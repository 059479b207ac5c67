package io.modelhouse.tenant;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/tenants}: one prospect company and the people who will log in. */
public record CreateTenantRequest(
        @NotBlank(message = "templateKey is required, e.g. logistics") String templateKey,
        @NotBlank(message = "company is required: the prospect's company name") @Size(max = 120) String company,
        @Min(value = 1, message = "trialDays must be at least 1") @Max(value = 180, message = "trialDays must be at most 180") Integer trialDays,
        @NotNull(message = "contacts is required: at least one person who will log in") @NotEmpty(message = "contacts needs at least one person") @Size(max = 50) List<@NotNull @Valid Contact> contacts,
        @Email(message = "ownerEmail must be a mail address") String ownerEmail,
        @Size(max = 500) @Pattern(regexp = "^(https?://|/).*", message = "logoUrl must be an http(s) URL or a path") String logoUrl,
        @Pattern(regexp = "^#[0-9a-fA-F]{6}$", message = "brandColor is a colour written #rrggbb, e.g. #c8102e") String brandColor) {

    /** A request without a brand colour (the product's own accent). */
    public CreateTenantRequest(String templateKey, String company, Integer trialDays, List<Contact> contacts,
            String ownerEmail, String logoUrl) {
        this(templateKey, company, trialDays, contacts, ownerEmail, logoUrl, null);
    }

    public record Contact(
            @NotBlank(message = "name is required") @Size(max = 60) String name,
            @NotBlank(message = "email is required") @Email(message = "email must be a mail address") String email,
            @NotBlank(message = "role is required: a role key of the template") String role,
            @Pattern(regexp = "^(zh-CN|en)$", message = "locale is zh-CN or en") String locale) {

        public Contact(String name, String email, String role) {
            this(name, email, role, null);
        }

        /** The language of this person's mails; Chinese unless asked otherwise (the bundled customers are Chinese). */
        public String localeOrDefault() {
            return locale == null ? "zh-CN" : locale;
        }
    }
}
