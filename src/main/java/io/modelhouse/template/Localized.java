package io.modelhouse.template;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A text in both languages the product speaks. Bundles write it as {@code {zh-CN: ..., en: ...}}. */
public record Localized(@JsonProperty("zh-CN") String zh, @JsonProperty("en") String en) {

    public String in(Locale locale) {
        boolean english = locale != null && "en".equals(locale.getLanguage());
        String preferred = english ? en : zh;
        return preferred == null || preferred.isBlank() ? (english ? zh : en) : preferred;
    }
}
