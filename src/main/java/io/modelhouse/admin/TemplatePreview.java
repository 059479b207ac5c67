package io.modelhouse.admin;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelhouse.common.Dates;
import io.modelhouse.common.Labels;
import io.modelhouse.common.Messages;
import io.modelhouse.common.PageLocale;
import io.modelhouse.template.GoldenRows;
import io.modelhouse.template.RelativeDate;
import io.modelhouse.template.TemplateBundle;

/**
 * What an admin sees before publishing: the bundle as a prospect would meet it, with dates
 * resolved against today by the database's own rule and people generated.
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

    /**
     * @param resolve turns the bundle's relative dates into instants, for today in the bundle's zone
     *        (the database's {@code mh_resolve_date}: a preview shows what a new tenant would get)
     */
    public static TemplatePreview of(TemplateBundle b, GoldenRows rows, Locale locale, ObjectMapper json,
            Function<Collection<RelativeDate>, Map<RelativeDate, Instant>> resolve) {
        Messages words = PageLocale.messages(locale);
        DateTimeFormatter fmt = Dates.minutes(b.meta().timeZone());

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

        // the sample rows first, so every date on the page is resolved in one statement
        Map<String, List<GoldenRows.RecordRow>> samples = new LinkedHashMap<>();
        Map<GoldenRows.RecordRow, Map<String, Object>> data = new HashMap<>();
        List<RelativeDate> wanted = new ArrayList<>();
        for (var t : b.records().types()) {
            List<GoldenRows.RecordRow> sample = rows.records().stream().filter(r -> r.type().equals(t.key())).limit(6).toList();
            samples.put(t.key(), sample);
            for (var r : sample) {
                wanted.add(r.at());
                Map<String, Object> d = parse(json, r.dataJson());
                data.put(r, d);
                d.values().stream().map(TemplatePreview::relative).filter(Objects::nonNull).forEach(wanted::add);
            }
        }
        b.integrations().integrations().stream().filter(i -> !i.syncLog().isEmpty())
                .forEach(i -> wanted.add(RelativeDate.parse(i.syncLog().get(i.syncLog().size() - 1).when())));
        Map<RelativeDate, Instant> at = resolve.apply(wanted);

        List<RecordSample> types = new ArrayList<>();
        for (var t : b.records().types()) {
            List<String> cols = t.listColumns() == null || t.listColumns().isEmpty() ? List.of("ref", "title", "status", "when")
                    : t.listColumns();
            Map<String, String> statusNames = new HashMap<>();
            t.statuses().forEach(s -> statusNames.put(s.key(), s.name().in(locale)));
            Map<String, String> fieldNames = new HashMap<>();
            t.fields().forEach(f -> fieldNames.put(f.key(), f.name().in(locale)));
            List<List<String>> sample = new ArrayList<>();
            for (var r : samples.get(t.key())) {
                Map<String, Object> d = data.get(r);
                List<String> row = new ArrayList<>();
                for (String c : cols) {
                    row.add(switch (c) {
                        case "ref" -> r.refNo();
                        case "title" -> r.title();
                        case "status" -> statusNames.getOrDefault(r.status(), r.status());
                        case "when" -> fmt.format(at.get(r.at()));
                        default -> relative(d.get(c)) != null ? fmt.format(at.get(relative(d.get(c))))
                                : d.get(c) == null ? "" : String.valueOf(d.get(c));
                    });
                }
                sample.add(row);
            }
            long count = rows.records().stream().filter(r -> r.type().equals(t.key())).count();
            List<String> headers = cols.stream().map(c -> {
                String builtIn = Labels.recordColumn(words, c);
                return builtIn != null ? builtIn : fieldNames.getOrDefault(c, c);
            }).toList();
            types.add(new RecordSample(t.name().in(locale), count, headers, sample));
        }

        List<Role> roles = new ArrayList<>();
        for (var r : b.meta().roles()) {
            String seat = rows.members().stream().filter(m -> r.key().equals(m.roleKey()))
                    .map(m -> m.name() + "·" + m.titleZh())
                    .findFirst().orElse("");
            roles.add(
                    new Role(r.key(), r.name().in(locale), r.influence(), r.cares() == null ? "" : r.cares().in(locale), seat));
        }
        List<Scenario> scenarios = b.scenarios().scenarios().stream().map(s -> new Scenario(s.role(), s.title().in(locale),
                s.steps().stream().map(st -> st.title().in(locale) + " [" + st.feature() + "]").toList())).toList();
        List<Integration> integrations = b.integrations().integrations().stream().map(i -> {
            var last = i.syncLog().isEmpty() ? null : i.syncLog().get(i.syncLog().size() - 1);
            return new Integration(i.name().in(locale), i.type(), i.settings().toString(),
                    last == null ? "" : fmt.format(at.get(RelativeDate.parse(last.when()))) + " " + last.message().in(locale),
                    last == null ? "" : last.status());
        }).toList();
        Map<String, List<String>> byStage = new LinkedHashMap<>();
        for (String s : List.of("opportunity", "qualification", "solution", "trial", "bidding", "contract", "delivery")) {
            byStage.put(s, new ArrayList<>());
        }
        for (var d : b.knowledge().documents()) {
            byStage.computeIfAbsent(d.stage(), k -> new ArrayList<>()).add(d.title().in(locale) + " (" + d.kind() + ")");
        }
        List<Stage> stages = byStage.entrySet().stream()
                .map(e -> new Stage(e.getKey(), Labels.stage(words, e.getKey()), e.getValue())).toList();
        return new TemplatePreview(units, types, roles, scenarios, integrations, stages);
    }

    /** A date field of a golden record is stored as its relative parts {a, d, m, w}. */
    private static RelativeDate relative(Object value) {
        if (value instanceof Map<?, ?> rel && rel.get("a") != null) {
            return new RelativeDate(String.valueOf(rel.get("a")), ((Number) rel.get("d")).intValue(),
                    ((Number) rel.get("m")).intValue(),
                    Boolean.TRUE.equals(rel.get("w")));
        }
        return null;
    }

    private static void walk(List<GoldenRows.UnitRow> all, Integer parent, Map<Integer, Long> total,
            Map<Integer, List<String>> names,
            List<Unit> out, Locale locale) {
        for (var u : all) {
            if (Objects.equals(u.parentLocalId(), parent)) {
                List<String> ns = names.getOrDefault(u.localId(), List.of());
                String people = String.join("，", ns.subList(0, Math.min(4, ns.size()))) + (ns.size() > 4 ? " …" : "");
                String name = u.depth() == 0 ? "{{company}}" : ("en".equals(locale.getLanguage()) ? u.nameEn() : u.nameZh());
                out.add(new Unit(u.depth(), name, total.getOrDefault(u.localId(), 0L), people));
                walk(all, u.localId(), total, names, out, locale);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(ObjectMapper json, String text) {
        try {
            return json.readValue(text, Map.class);
        } catch (Exception e) {
            return Map.of();
        }
    }
}
