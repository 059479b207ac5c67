package io.modelhouse.template;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns a bundle into golden rows: people for every position (from the seed-data name pools) and
 * records from each type's generator plus its hand-written samples. Deterministic: the same bundle
 * and seed give the same rows, byte for byte, because every draw comes from one seeded Random per
 * concern, in a fixed order.
 */
public class GoldenRowGenerator {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z0-9_]+)}");
    private static final String[] MOBILE_PREFIXES = { "138", "139", "136", "158", "159", "186", "187", "135", "150", "177" };
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TemplateBundle bundle;
    private final SeedData seed;
    private final List<GoldenRows.UnitRow> units = new ArrayList<>();
    private final List<GoldenRows.MemberRow> members = new ArrayList<>();
    /** Members of a unit and all its sub-units, by unit key: who a "person: unit" generator may pick. */
    private final Map<String, List<GoldenRows.MemberRow>> membersUnder = new HashMap<>();

    public GoldenRowGenerator(TemplateBundle bundle, SeedData seed) {
        this.bundle = bundle;
        this.seed = seed;
    }

    public GoldenRows generate() {
        Random people = new Random(bundle.meta().seed());
        Set<String> usedNames = new HashSet<>();
        Map<String, Integer> emailCounts = new HashMap<>();
        addUnit(bundle.org().units().get(0), null, 0, 0, people, usedNames, emailCounts, new ArrayList<>());
        assignRoleSeats();
        List<GoldenRows.RecordRow> records = generateRecords();
        return new GoldenRows(List.copyOf(units), List.copyOf(members), records, generateItems());
    }

    private void addUnit(TemplateBundle.Unit unit, Integer parent, int depth, int sort, Random rnd, Set<String> usedNames,
            Map<String, Integer> emailCounts, List<String> ancestors) {
        int id = units.size() + 1;
        String en = unit.name().en() == null ? unit.name().zh() : unit.name().en();
        units.add(new GoldenRows.UnitRow(id, parent, unit.key(), unit.name().zh(), en, depth, sort));
        List<String> chain = new ArrayList<>(ancestors);
        chain.add(unit.key());
        int order = 0;
        for (TemplateBundle.Position pos : unit.positionsOrEmpty()) {
            for (int i = 0; i < pos.count(); i++) {
                String[] name = uniqueName(rnd, usedNames);
                String local = name[2] + "." + name[1];
                int n = emailCounts.merge(local, 1, Integer::sum);
                String email = n == 1 ? local : local + n;
                String phone = MOBILE_PREFIXES[rnd.nextInt(MOBILE_PREFIXES.length)]
                        + String.format("%08d", rnd.nextInt(100_000_000));
                String titleEn = pos.title().en() == null ? pos.title().zh() : pos.title().en();
                var m = new GoldenRows.MemberRow(members.size() + 1, id, name[0], capital(name[2]) + " " + capital(name[1]),
                        pos.title().zh(), titleEn, null, email, phone, order++);
                members.add(m);
                for (String key : chain) {
                    membersUnder.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
                }
            }
        }
        int childSort = 0;
        for (TemplateBundle.Unit child : unit.unitsOrEmpty()) {
            addUnit(child, id, depth + 1, childSort++, rnd, usedNames, emailCounts, chain);
        }
    }

    /** {full name, surname latin, given latin}; names never repeat within a template. */
    private String[] uniqueName(Random rnd, Set<String> used) {
        int total = seed.surnames().stream().mapToInt(SeedData.WeightedName::weight).sum();
        for (int attempt = 0;; attempt++) {
            int pick = rnd.nextInt(total);
            SeedData.WeightedName surname = seed.surnames().get(0);
            for (SeedData.WeightedName s : seed.surnames()) {
                pick -= s.weight();
                if (pick < 0) {
                    surname = s;
                    break;
                }
            }
            SeedData.Name given = seed.givenNames().get(rnd.nextInt(seed.givenNames().size()));
            String full = surname.text() + given.text();
            if (used.add(full) || attempt > 50) {
                return new String[] { full, surname.latin(), given.latin() };
            }
        }
    }

    /** The first person holding a role's position is that role's seat; a contact of that role takes it over. */
    private void assignRoleSeats() {
        for (TemplateBundle.Role role : bundle.meta().roles()) {
            Integer unitId = units.stream().filter(u -> u.key().equals(role.unit())).map(GoldenRows.UnitRow::localId)
                    .findFirst().orElseThrow();
            for (int i = 0; i < members.size(); i++) {
                var m = members.get(i);
                if (m.unitLocalId() == unitId && m.titleZh().equals(role.title()) && m.roleKey() == null) {
                    members.set(i, new GoldenRows.MemberRow(m.localId(), m.unitLocalId(), m.name(), m.nameLatin(), m.titleZh(),
                            m.titleEn(), role.key(), m.emailLocal(), m.phone(), m.sortOrder()));
                    break;
                }
            }
        }
    }

    private List<GoldenRows.RecordRow> generateRecords() {
        List<GoldenRows.RecordRow> out = new ArrayList<>();
        List<String> districts = seed.districtsByCity().getOrDefault(bundle.meta().city(), List.of("市区"));
        Map<String, List<String>> vocab = new HashMap<>(bundle.records().vocab() == null ? Map.of() : bundle.records().vocab());
        seed.vocab().forEach((name, items) -> vocab.put(SeedData.SHARED_PREFIX + name, items));
        int typeIndex = 0;
        for (TemplateBundle.RecordType type : bundle.records().types()) {
            Random rnd = new Random(bundle.meta().seed() * 31 + (typeIndex++));
            Map<String, String> fieldTypes = new LinkedHashMap<>();
            for (var f : type.fields()) {
                fieldTypes.put(f.key(), f.type());
            }
            Map<String, List<String>> decks = new HashMap<>(); // unique picks: a shuffled copy, dealt in order
            List<String> dateFields = fieldTypes.entrySet().stream().filter(e -> "date".equals(e.getValue()))
                    .map(Map.Entry::getKey)
                    .toList();
            int seq = 0;
            for (TemplateBundle.Sample s : type.samples() == null ? List.<TemplateBundle.Sample> of() : type.samples()) {
                Map<String, Object> data = new LinkedHashMap<>(s.fields() == null ? Map.of() : s.fields());
                out.add(new GoldenRows.RecordRow(out.size() + 1, type.key(), ref(type, ++seq), s.title(), s.status(),
                        RelativeDate.parse(s.when()), null, amountOf(data, fieldTypes), json(relativeDates(data, dateFields)),
                        present(data, dateFields)));
            }
            TemplateBundle.Generate g = type.generate();
            if (g == null) {
                continue;
            }
            for (int i = 0; i < g.count(); i++) {
                int day = g.when().fromDays() + rnd.nextInt(g.when().toDays() - g.when().fromDays() + 1);
                List<Integer> hours = g.when().hours() == null ? List.of(9, 18) : g.when().hours();
                int minute = (hours.get(0) + rnd.nextInt(hours.get(1) - hours.get(0))) * 60 + rnd.nextInt(6) * 10;
                RelativeDate at = new RelativeDate("today", day, minute, g.when().workdaysOnly());
                String status = pickStatus(rnd, g, type, day);
                Map<String, Object> data = new LinkedHashMap<>();
                Integer memberId = null;
                for (var e : (g.fields() == null ? Map.<String, TemplateBundle.FieldGenerator> of() : g.fields()).entrySet()) {
                    var fg = e.getValue();
                    if (fg.pick() != null && Boolean.TRUE.equals(fg.unique())) {
                        List<String> deck = decks.computeIfAbsent(e.getKey(), k -> {
                            List<String> copy = new ArrayList<>(vocab.get(fg.pick()));
                            Collections.shuffle(copy, rnd);
                            return copy;
                        });
                        data.put(e.getKey(), deck.get(i % deck.size()));
                    } else if (fg.pick() != null) {
                        List<String> list = vocab.get(fg.pick());
                        data.put(e.getKey(), list.get(rnd.nextInt(list.size())));
                    } else if (fg.person() != null) {
                        List<GoldenRows.MemberRow> pool = membersUnder.getOrDefault(fg.person(), List.of());
                        if (!pool.isEmpty()) {
                            var m = pool.get(rnd.nextInt(pool.size()));
                            data.put(e.getKey(), m.name());
                            if (memberId == null) {
                                memberId = m.localId();
                            }
                        }
                    } else if (Boolean.TRUE.equals(fg.district())) {
                        data.put(e.getKey(), districts.get(rnd.nextInt(districts.size())));
                    } else {
                        double v = fg.min() + rnd.nextDouble() * (fg.max() - fg.min());
                        boolean money = "money".equals(fieldTypes.get(e.getKey()));
                        data.put(e.getKey(), money ? BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP)
                                : BigDecimal.valueOf(Math.round(v)));
                    }
                }
                String title = g.title() == null ? ref(type, seq + 1) : fill(g.title(), data);
                out.add(new GoldenRows.RecordRow(out.size() + 1, type.key(), ref(type, ++seq), title, status, at, memberId,
                        amountOf(data, fieldTypes), json(relativeDates(data, dateFields)), present(data, dateFields)));
            }
        }
        return out;
    }

    private List<GoldenRows.ItemRow> generateItems() {
        List<GoldenRows.ItemRow> out = new ArrayList<>();
        Random rnd = new Random(bundle.meta().seed() * 17 + 5);
        TemplateBundle.Workspace w = bundle.workspace();
        RelativeDate never = new RelativeDate("today", 0, 9 * 60, false);
        for (TemplateBundle.Channel c : w.channels()) {
            int id = out.size() + 1;
            out.add(new GoldenRows.ItemRow(id, null, "channel", c.key(), c.name().zh(), null, null, never, null, null,
                    json(Map.of("nameEn", c.name().en(), "unit", c.unit()))));
            for (TemplateBundle.Message m : c.messages()) {
                out.add(new GoldenRows.ItemRow(out.size() + 1, id, "message", null, "", m.text(), null,
                        RelativeDate.parse(m.when()),
                        person(m.from(), rnd), null, json(Map.of())));
            }
        }
        for (TemplateBundle.Announcement a : w.announcements()) {
            out.add(new GoldenRows.ItemRow(out.size() + 1, null, "announcement", null, a.title(), a.body(), null,
                    RelativeDate.parse(a.when()), person(a.from(), rnd), null,
                    json(Map.of("pinned", Boolean.TRUE.equals(a.pinned())))));
        }
        for (TemplateBundle.ApprovalFlow f : w.approvalFlows()) {
            int id = out.size() + 1;
            List<Object> steps = new ArrayList<>();
            for (TemplateBundle.PersonRef step : f.steps()) {
                steps.add(step.role() != null ? Map.of("role", step.role()) : Map.of("unit", step.unit()));
            }
            out.add(new GoldenRows.ItemRow(id, null, "approval_flow", f.key(), f.name().zh(), null, null, never, null, null,
                    json(Map.of("nameEn", f.name().en(), "steps", steps))));
            for (TemplateBundle.ApprovalRequest q : f.requests()) {
                out.add(new GoldenRows.ItemRow(out.size() + 1, id, "approval_request", null, q.title(), null, q.status(),
                        RelativeDate.parse(q.when()), person(q.from(), rnd),
                        q.amount() == null ? null : BigDecimal.valueOf(q.amount()).setScale(2, RoundingMode.HALF_UP),
                        json(Map.of())));
            }
        }
        for (TemplateBundle.Task t : w.tasks()) {
            out.add(new GoldenRows.ItemRow(out.size() + 1, null, "task", null, t.title(), null, t.status(),
                    RelativeDate.parse(t.due()),
                    person(t.assignee(), rnd), null, json(Map.of())));
        }
        for (TemplateBundle.Integration in : bundle.integrations().integrations()) {
            int id = out.size() + 1;
            out.add(new GoldenRows.ItemRow(id, null, "integration", in.key(), in.name().zh(), null, "configured", never, null,
                    null,
                    json(Map.of("type", in.type(), "nameEn", in.name().en(), "settings", in.settings()))));
            for (TemplateBundle.SyncEntry e : in.syncLog()) {
                out.add(new GoldenRows.ItemRow(out.size() + 1, id, "sync_log", null, e.message().zh(), e.message().en(),
                        e.status(),
                        RelativeDate.parse(e.when()), null, null, json(Map.of())));
            }
        }
        return out;
    }

    /** A role's seat, or someone (drawn deterministically) of a unit and its sub-units. */
    private Integer person(TemplateBundle.PersonRef ref, Random rnd) {
        if (ref == null) {
            return null;
        }
        if (ref.role() != null) {
            return members.stream().filter(m -> ref.role().equals(m.roleKey())).map(GoldenRows.MemberRow::localId)
                    .findFirst().orElse(null);
        }
        List<GoldenRows.MemberRow> pool = membersUnder.getOrDefault(ref.unit(), List.of());
        return pool.isEmpty() ? null : pool.get(rnd.nextInt(pool.size())).localId();
    }

    /** Date fields hold relative dates ("today+28d"): kept as their parts, resolved when a tenant is built. */
    private static Map<String, Object> relativeDates(Map<String, Object> data, List<String> dateFields) {
        if (dateFields.isEmpty()) {
            return data;
        }
        Map<String, Object> out = new LinkedHashMap<>(data);
        for (String f : dateFields) {
            Object v = data.get(f);
            if (v != null) {
                RelativeDate d = RelativeDate.parse(v.toString());
                out.put(f, Map.of("a", d.anchor(), "d", d.days(), "m", d.minutes(), "w", d.workday()));
            }
        }
        return out;
    }

    private static List<String> present(Map<String, Object> data, List<String> dateFields) {
        List<String> p = dateFields.stream().filter(data::containsKey).toList();
        return p.isEmpty() ? null : p;
    }

    private static String pickStatus(Random rnd, TemplateBundle.Generate g, TemplateBundle.RecordType type, int day) {
        String bucket = day < 0 ? "past" : day == 0 ? "today" : "future";
        Map<String, Integer> weights = g.status() == null ? null : g.status().get(bucket);
        if (weights == null || weights.isEmpty()) {
            return type.statuses().get(0).key();
        }
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        int pick = rnd.nextInt(Math.max(total, 1));
        for (var e : weights.entrySet()) {
            pick -= e.getValue();
            if (pick < 0) {
                return e.getKey();
            }
        }
        return weights.keySet().iterator().next();
    }

    private static BigDecimal amountOf(Map<String, Object> data, Map<String, String> fieldTypes) {
        for (var e : fieldTypes.entrySet()) {
            if ("money".equals(e.getValue()) && data.get(e.getKey()) != null) {
                return new BigDecimal(data.get(e.getKey()).toString()).setScale(2, RoundingMode.HALF_UP);
            }
        }
        return null;
    }

    private static String ref(TemplateBundle.RecordType type, int seq) {
        return (type.refPrefix() == null ? type.key().toUpperCase() : type.refPrefix()) + "-" + String.format("%06d", seq);
    }

    private static String fill(String template, Map<String, Object> data) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Object v = data.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "" : v.toString()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String json(Map<String, ?> data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
