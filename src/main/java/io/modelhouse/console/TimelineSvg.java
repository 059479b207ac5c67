package io.modelhouse.console;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelhouse.usage.UsageService;

/**
 * The usage timeline of a tenant page, drawn on the server as SVG: a stacked bar per day, a colour
 * per role, a legend, a date every week. No chart library: the drawing is a few rectangles, and a
 * page that needs no script to show it works in every browser and in a saved copy.
 */
final class TimelineSvg {

    /** The roles' colours, in the order roles first appear. */
    static final List<String> COLOURS = List.of("#0b6bcb", "#e07b00", "#237a4b", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");
    private static final int W = 760;
    private static final int H = 180;
    private static final int LEFT = 34;
    private static final int BOTTOM = 24;
    private static final int TOP = 10;

    private TimelineSvg() {
    }

    /**
     * @param roleNames role key → the name shown in the legend, in the order the template lists them
     * @param label the chart's accessible name
     */
    static String draw(LocalDate from, LocalDate to, List<UsageService.DayRole> data, Map<String, String> roleNames,
            String label) {
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
        Map<LocalDate, Map<String, Long>> byDay = new LinkedHashMap<>();
        long max = 1;
        for (UsageService.DayRole d : data) {
            byDay.computeIfAbsent(d.day(), k -> new LinkedHashMap<>()).merge(d.role(), d.events(), Long::sum);
        }
        for (Map<String, Long> m : byDay.values()) {
            max = Math.max(max, m.values().stream().mapToLong(Long::longValue).sum());
        }
        Map<String, String> colour = new LinkedHashMap<>();
        roleNames.keySet().forEach(r -> colour.put(r, COLOURS.get(colour.size() % COLOURS.size())));
        data.forEach(d -> colour.computeIfAbsent(d.role(), r -> COLOURS.get(colour.size() % COLOURS.size())));

        double plotW = W - LEFT - 8;
        double plotH = H - TOP - BOTTOM;
        double slot = plotW / days;
        double bar = Math.max(2, slot * 0.7);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(W).append(' ').append(H + 28)
                .append("\" role=\"img\" aria-label=\"").append(esc(label))
                .append("\" id=\"timeline-svg\" style=\"width:100%;height:auto\">");
        s.append("<title>").append(esc(label)).append("</title>");
        // the scale: 0 and the busiest day
        s.append(line(LEFT, TOP + plotH, W - 8, TOP + plotH, "#cbd2d9"));
        s.append(line(LEFT, TOP, W - 8, TOP, "#eef2f6"));
        s.append(text(LEFT - 4, TOP + 4, Long.toString(max), "end"));
        s.append(text(LEFT - 4, TOP + plotH + 4, "0", "end"));
        for (int i = 0; i < days; i++) {
            LocalDate day = from.plusDays(i);
            double x = LEFT + i * slot + (slot - bar) / 2;
            double y = TOP + plotH;
            Map<String, Long> m = byDay.getOrDefault(day, Map.of());
            long total = 0;
            for (String role : colour.keySet()) {
                long n = m.getOrDefault(role, 0L);
                if (n == 0) {
                    continue;
                }
                total += n;
                double h = plotH * n / max;
                y -= h;
                s.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append("\" width=\"").append(fmt(bar))
                        .append("\" height=\"").append(fmt(h)).append("\" fill=\"").append(colour.get(role))
                        .append("\" data-day=\"").append(day).append("\" data-role=\"").append(esc(role))
                        .append("\" data-events=\"")
                        .append(n).append("\"><title>").append(day).append(" · ")
                        .append(esc(roleNames.getOrDefault(role, role)))
                        .append(": ").append(n).append("</title></rect>");
            }
            if ((i % 7 == 0 && days - 1 - i >= 4) || i == days - 1) {
                s.append(text(x + bar / 2, TOP + plotH + 16, DAY.format(day), "middle"));
            }
            if (total == 0 && day.isBefore(to.plusDays(1))) {
                s.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(TOP + plotH - 1)).append("\" width=\"")
                        .append(fmt(bar)).append("\" height=\"1\" fill=\"#e4e7eb\"/>");
            }
        }
        // the legend
        double lx = LEFT;
        for (Map.Entry<String, String> e : colour.entrySet()) {
            String name = roleNames.getOrDefault(e.getKey(), e.getKey());
            s.append("<rect x=\"").append(fmt(lx)).append("\" y=\"").append(H + 10)
                    .append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(e.getValue()).append("\"/>");
            s.append(text(lx + 14, H + 19, name, "start"));
            lx += 24 + name.length() * 13;
        }
        return s.append("</svg>").toString();
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2) + "\" stroke=\""
                + colour
                + "\"/>";
    }

    private static String text(double x, double y, String t, String anchor) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" font-size=\"11\" fill=\"#616e7c\" text-anchor=\"" + anchor
                + "\">"
                + esc(t) + "</text>";
    }

    private static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.1f", d);
    }

    /** XML text and attribute escaping (the SVG is built as text, not through Qute's escaper). */
    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
