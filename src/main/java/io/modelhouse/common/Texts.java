package io.modelhouse.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.qute.TemplateData;

/**
 * The words of our pages in one language, from {@code messages/ui_<lang>.properties} (UTF-8).
 * Pages call {@code {t.get('key')}}; a missing key shows itself rather than an empty gap.
 */
@TemplateData
public final class Texts {

    private static final Map<String, Texts> CACHE = new ConcurrentHashMap<>();

    private final Locale locale;
    private final Properties words;

    private Texts(Locale locale, Properties words) {
        this.locale = locale;
        this.words = words;
    }

    public static Texts of(Locale locale) {
        String lang = "en".equals(locale.getLanguage()) ? "en" : "zh_CN";
        return CACHE.computeIfAbsent(lang, l -> new Texts(l.equals("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE, load(l)));
    }

    private static Properties load(String lang) {
        Properties p = new Properties();
        try (InputStream in = Texts.class.getResourceAsStream("/messages/ui_" + lang + ".properties")) {
            if (in == null) {
                throw new IllegalStateException("messages/ui_" + lang + ".properties is missing");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    public String get(String key) {
        return words.getProperty(key, "??" + key + "??");
    }

    public String format(String key, Object... args) {
        return String.format(locale, get(key), args);
    }

    public Locale locale() {
        return locale;
    }

    /** A day as people write it: 24 Dec 2026 / 2026年12月24日, in the given time zone. */
    public String date(java.time.Instant at, String zone) {
        String pattern = english() ? "d MMM yyyy" : "yyyy年M月d日";
        return java.time.format.DateTimeFormatter.ofPattern(pattern, locale).withZone(java.time.ZoneId.of(zone)).format(at);
    }

    public boolean english() {
        return locale.getLanguage().equals("en");
    }

    public String lang() {
        return english() ? "en" : "zh-CN";
    }
}
