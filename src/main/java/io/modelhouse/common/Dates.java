package io.modelhouse.common;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates as people read them, for pages and mails alike. */
public final class Dates {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Dates() {
    }

    /** A day as people write it: 24 Dec 2026 / 2026年12月24日, in the given time zone. */
    public static String day(Instant at, String zone, Locale locale) {
        String pattern = PageLocale.english(locale) ? "d MMM yyyy" : "yyyy年M月d日";
        return DateTimeFormatter.ofPattern(pattern, locale).withZone(ZoneId.of(zone)).format(at);
    }

    /** A moment to the minute (2026-12-24 09:30), in the given time zone: tables and logs. */
    public static DateTimeFormatter minutes(String zone) {
        return MINUTE.withZone(ZoneId.of(zone));
    }
}
