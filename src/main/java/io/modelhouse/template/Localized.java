package io.modelhouse.template;

import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A text in both languages the product speaks. Bundles write it as {@code {zh-CN: ..., en: ...}}. */
public record Localized(@JsonProperty("zh-CN") @Schema(nullable = true) String zh,
        @JsonProperty("en") @Schema(nullable = true) String en) {

    public String in(Locale locale) {
        boolean english = locale != null && "en".equals(locale.getLanguage());
        String preferred = english ? en : zh;
        return preferred == null || preferred.isBlank() ? (english ? zh : en) : preferred;
    }
}
