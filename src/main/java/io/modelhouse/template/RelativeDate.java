package io.modelhouse.template;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A date in template data, relative to the moment a tenant is built or reset, so a model house
 * never looks stale. Grammar: {@code anchor(±N unit)* [HH:MM]}, anchor one of {@code today},
 * {@code now}, {@code month_start}, {@code week_start}; unit {@code d}, {@code h} or {@code m}.
 * Examples: {@code today-3d}, {@code today+2d 14:30}, {@code now+2h}, {@code month_start+4d 09:00}.
 * Date anchors without a time fall at 09:00 plus any h/m offsets.
 *
 * Resolved in SQL by {@code mh_resolve_date} (V2 migration) from the stored parts.
 */
public record RelativeDate(String anchor, int days, int minutes, boolean workday) {

    private static final Pattern WHOLE = Pattern.compile(
            "^(today|now|month_start|week_start)((?:\\s*[+-]\\s*\\d+\\s*[dhm])*)(?:\\s+(\\d{1,2}):(\\d{2}))?$");
    private static final Pattern OFFSET = Pattern.compile("([+-])\\s*(\\d+)\\s*([dhm])");

    public static RelativeDate parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a relative date is required, e.g. today-3d or now+2h");
        }
        Matcher m = WHOLE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a relative date; write e.g. today-3d, "
                    + "today+2d 14:30, now+2h, month_start+4d 09:00");
        }
        String anchor = m.group(1);
        int days = 0;
        int offsetMinutes = 0;
        Matcher o = OFFSET.matcher(m.group(2));
        while (o.find()) {
            int n = Integer.parseInt(o.group(2)) * ("-".equals(o.group(1)) ? -1 : 1);
            switch (o.group(3)) {
                case "d" -> days += n;
                case "h" -> offsetMinutes += n * 60;
                default -> offsetMinutes += n;
            }
        }
        if (anchor.equals("now")) {
            if (m.group(3) != null) {
                throw new IllegalArgumentException("'" + text + "': a time of day cannot follow 'now'");
            }
            return new RelativeDate("now", 0, days * 1440 + offsetMinutes, false);
        }
        int minuteOfDay = 9 * 60;
        if (m.group(3) != null) {
            int h = Integer.parseInt(m.group(3));
            int min = Integer.parseInt(m.group(4));
            if (h > 23 || min > 59) {
                throw new IllegalArgumentException("'" + text + "': " + h + ":" + m.group(4) + " is not a time of day");
            }
            minuteOfDay = h * 60 + min;
        }
        return new RelativeDate(anchor, days, minuteOfDay + offsetMinutes, false);
    }
}
