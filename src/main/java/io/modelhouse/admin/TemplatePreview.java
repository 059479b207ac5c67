package io.modelhouse.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.modelhouse.template.GoldenRows;
import io.modelhouse.template.RelativeDate;
import io.modelhouse.template.TemplateBundle;

/**
 * What an admin sees before publishing: the bundle as a prospect would meet it, with dates
 * resolved against today (the same rule as mh_resolve_date) and people generated.
 */
public record TemplatePreview(List<Unit> units, List<RecordSample> recordTypes, List<Role> roles, List<Scenario> scenarios,
        List<Integration> integrations, List<Stage> stages) {

    public record Unit(int depth, String name, long headcount, String people) {
        public int indent() {
            return depth * 16;
        }
    }

    public record RecordSample(String name, long count, List<String> columns, List<List<String>> rows) {
    }

    public record Role(String key, String name, String influence, String cares, String seat) {
    }

    public record Scenario(String role, String title, List<String> steps) {
    }

    public record Integration(String name, String type, String settings, String lastSync, String lastStatus) {
    }

    public record Stage(String stage, String label, List<String> documents) {
    }

    public static TemplatePreview of(TemplateBundle b, GoldenRows rows, Locale locale) {
        ZoneId zone = ZoneId.of(b.meta().timeZone());
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, zone);
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);

        Map<Integer, Long> direct = new HashMap<>();
        Map<Integer, List<String>> names = new HashMap<>();
        for (var m : rows.members()) {
            direct.merge(m.unitLocalId(), 1L, Long::sum);
            names.computeIfAbsent(m.unitLocalId(), k -> new ArrayList<>()).add(m.name() + "·" + m.titleZh());
        }
        Map<Integer, Long> total = new HashMap<>(direct);
        for (int i = rows.units().size() - 1; i >= 0; i--) {
            var u = rows.units().get(i);
            if (u.parentLocalId() != null) {
                total.merge(u.parentLocalId(), total.getOrDefault(u.localId(), 0L), Long::sum);
            }
        }
        List<Unit> units = new ArrayList<>();
        walk(rows.units(), null, total, names, units, locale);

        List<RecordSample> types = new ArrayList<>();
        for (var t : b.records().types()) {
            List<String> cols = t.listColumns() == null || t.listColumns().isEmpty() ? List.of("ref", "title", "status", "when")
                    : t.listColumns();
            Map<String, String> statusNames = new HashMap<>();
            t.statuses().forEach(s -> statusNames.put(s.key(), s.name().in(locale)));
            Map<String, String> fieldNames = new HashMap<>();
            t.fields().forEach(f -> fieldNames.put(f.key(), f.name().in(locale)));
            List<GoldenRows.RecordRow> ofType = rows.records().stream().filter(r -> r.type().equals(t.key())).toList();
            List<List<String>> sample = new ArrayList<>();
            for (var r : ofType.subList(0, Math.min(6, ofType.size()))) {
                Map<String, Object> data = parse(r.dataJson());
                List<String> row = new ArrayList<>();
                for (String c : cols) {
                    row.add(switch (c) {
                        case "ref" -> r.refNo();
                        case "title" -> r.title();
                        case "status" -> statusNames.getOrDefault(r.status(), r.status());
                        case "when" -> fmt.format(resolve(r.at(), today, now, zone));
                        default -> data.get(c) instanceof Map<?, ?> rel && rel.get("a") != null
                                ? fmt.format(resolve(new RelativeDate(String.valueOf(rel.get("a")), ((Number) rel.get("d")).intValue(),
                                        ((Number) rel.get("m")).intValue(), Boolean.TRUE.equals(rel.get("w"))), today, now, zone))
                                : data.get(c) == null ? "" : String.valueOf(data.get(c));
                    });
                }
                sample.add(row);
            }
            io.modelhouse.common.Texts words = io.modelhouse.common.Texts.of(locale);
            List<String> headers = cols.stream().map(c -> switch (c) {
                case "ref", "title", "status", "when" -> words.get("record.col." + c);
                default -> fieldNames.getOrDefault(c, c);
            }).toList();
            types.add(new RecordSample(t.name().in(locale), ofType.size(), headers, sample));
        }

        List<Role> roles = new ArrayList<>();
        for (var r : b.meta().roles()) {
            String seat = rows.members().stream().filter(m -> r.key().equals(m.roleKey())).map(m -> m.name() + "·" + m.titleZh())
                    .findFirst().orElse("");
            roles.add(new Role(r.key(), r.name().in(locale), r.influence(), r.cares() == null ? "" : r.cares().in(locale), seat));
        }
        List<Scenario> scenarios = b.scenarios().scenarios().stream().map(s -> new Scenario(s.role(), s.title().in(locale),
                s.steps().stream().map(st -> st.title().in(locale) + " [" + st.feature() + "]").toList())).toList();
        List<Integration> integrations = b.integrations().integrations().stream().map(i -> {
            var last = i.syncLog().isEmpty() ? null : i.syncLog().get(i.syncLog().size() - 1);
            return new Integration(i.name().in(locale), i.type(), i.settings().toString(),
                    last == null ? "" : fmt.format(resolve(RelativeDate.parse(last.when()), today, now, zone)) + " " + last.message().in(locale),
                    last == null ? "" : last.status());
        }).toList();
        Map<String, List<String>> byStage = new LinkedHashMap<>();
        for (String s : List.of("opportunity", "qualification", "solution", "trial", "bidding", "contract", "delivery")) {
            byStage.put(s, new ArrayList<>());
        }
        for (var d : b.knowledge().documents()) {
            byStage.computeIfAbsent(d.stage(), k -> new ArrayList<>()).add(d.title().in(locale) + " (" + d.kind() + ")");
        }
        io.modelhouse.common.Texts texts = io.modelhouse.common.Texts.of(locale);
        List<Stage> stages = byStage.entrySet().stream()
                .map(e -> new Stage(e.getKey(), texts.get("stage." + e.getKey()), e.getValue())).toList();
        return new TemplatePreview(units, types, roles, scenarios, integrations, stages);
    }

    private static void walk(List<GoldenRows.UnitRow> all, Integer parent, Map<Integer, Long> total, Map<Integer, List<String>> names,
            List<Unit> out, Locale locale) {
        for (var u : all) {
            if (java.util.Objects.equals(u.parentLocalId(), parent)) {
                List<String> ns = names.getOrDefault(u.localId(), List.of());
                String people = String.join("，", ns.subList(0, Math.min(4, ns.size()))) + (ns.size() > 4 ? " …" : "");
                String name = u.depth() == 0 ? "{{company}}" : ("en".equals(locale.getLanguage()) ? u.nameEn() : u.nameZh());
                out.add(new Unit(u.depth(), name, total.getOrDefault(u.localId(), 0L), people));
                walk(all, u.localId(), total, names, out, locale);
            }
        }
    }

    /** The Java twin of mh_resolve_date (V2 migration), for previews only. */
    static Instant resolve(RelativeDate d, LocalDate today, Instant now, ZoneId zone) {
        if (d.anchor().equals("now")) {
            return now.plusSeconds(d.minutes() * 60L);
        }
        LocalDate base = switch (d.anchor()) {
            case "month_start" -> today.withDayOfMonth(1);
            case "week_start" -> today.with(java.time.DayOfWeek.MONDAY);
            default -> today;
        };
        LocalDate day = base.plusDays(d.days());
        if (d.workday()) {
            if (day.getDayOfWeek() == java.time.DayOfWeek.SATURDAY) {
                day = day.minusDays(1);
            } else if (day.getDayOfWeek() == java.time.DayOfWeek.SUNDAY) {
                day = day.plusDays(1);
            }
        }
        return day.atStartOfDay(zone).plusMinutes(d.minutes()).toInstant();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
        } catch (Exception e) {
            return Map.of();
        }
    }
}
