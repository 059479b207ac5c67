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

    /**
     * A moment as it reads best near today, in the given time zone: 今天 09:30 / Today 09:30, 昨天,
     * 明天; further away 12-05 09:30 (this year) or 2025-12-05 09:30.
     */
    public static java.util.function.Function<Instant, String> near(String zone, Locale locale, Instant now) {
        ZoneId z = ZoneId.of(zone);
        java.time.LocalDate today = java.time.LocalDate.ofInstant(now, z);
        WorkMessages w = PageLocale.work(locale);
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm");
        DateTimeFormatter thisYear = DateTimeFormatter.ofPattern("MM-dd HH:mm");
        return at -> {
            java.time.LocalDateTime t = java.time.LocalDateTime.ofInstant(at, z);
            long days = java.time.temporal.ChronoUnit.DAYS.between(today, t.toLocalDate());
            String time = t.format(hm);
            if (days == 0) {
                return w.date_today(time);
            }
            if (days == -1) {
                return w.date_yesterday(time);
            }
            if (days == 1) {
                return w.date_tomorrow(time);
            }
            return t.getYear() == today.getYear() ? t.format(thisYear) : t.format(MINUTE);
        };
    }

    /** A timestamp column as a native query returns it (Instant, OffsetDateTime or Timestamp, by driver and type). */
    public static Instant instant(Object column) {
        if (column == null) {
            return null;
        }
        if (column instanceof Instant i) {
            return i;
        }
        if (column instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return ((java.sql.Timestamp) column).toInstant();
    }

    /** A moment to the minute (2026-12-24 09:30), in the given time zone: tables and logs. */
    public static DateTimeFormatter minutes(String zone) {
        return MINUTE.withZone(ZoneId.of(zone));
    }
}
