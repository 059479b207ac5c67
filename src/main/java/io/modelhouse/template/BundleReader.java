package io.modelhouse.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.modelhouse.common.ApiProblem.FieldError;

/**
 * Reads a bundle directory into a {@link TemplateBundle} and checks its cross references. Reports
 * every problem it can find at once; a bundle with any problem is refused whole.
 */
@ApplicationScoped
public class BundleReader {

    static final String TEMPLATE_FILE = "template.yaml";
    static final String ORG_FILE = "org.yaml";
    static final String RECORDS_FILE = "records.yaml";
    private static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_-]{0,40}$");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z0-9_]+)}");
    private static final Set<String> FIELD_TYPES = Set.of("text", "number", "money", "person", "district", "date");
    private static final Set<String> BUILT_IN_COLUMNS = Set.of("ref", "title", "status", "when");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public TemplateBundle read(Path dir) {
        List<FieldError> errors = new ArrayList<>();
        TemplateBundle.Meta meta = parse(dir, TEMPLATE_FILE, TemplateBundle.Meta.class, errors);
        TemplateBundle.Org org = parse(dir, ORG_FILE, TemplateBundle.Org.class, errors);
        TemplateBundle.Records records = parse(dir, RECORDS_FILE, TemplateBundle.Records.class, errors);
        String name = dir.getFileName().toString();
        if (!errors.isEmpty()) {
            throw new BundleProblem(name, errors);
        }
        TemplateBundle bundle = new TemplateBundle(meta, org, records);
        check(bundle, name, errors);
        if (!errors.isEmpty()) {
            throw new BundleProblem(name, errors);
        }
        return bundle;
    }

    private <T> T parse(Path dir, String file, Class<T> type, List<FieldError> errors) {
        Path path = dir.resolve(file);
        if (!Files.isRegularFile(path)) {
            errors.add(new FieldError(file, null, null, "missing: every bundle needs " + file));
            return null;
        }
        try {
            T value = yaml.readValue(Files.readString(path), type);
            if (value == null) {
                errors.add(new FieldError(file, 1, null, "the file is empty"));
            }
            return value;
        } catch (JsonMappingException e) {
            errors.add(new FieldError(file, line(e.getLocation()), pathOf(e), e.getOriginalMessage().split("\n")[0]));
        } catch (JsonProcessingException e) {
            errors.add(new FieldError(file, line(e.getLocation()), null, "YAML syntax: " + e.getOriginalMessage().split("\n")[0]));
        } catch (IOException e) {
            errors.add(new FieldError(file, null, null, "cannot be read: " + e.getMessage()));
        }
        return null;
    }

    private static Integer line(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? null : location.getLineNr();
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** Cross-file rules that the YAML mapping cannot express. */
    private void check(TemplateBundle b, String dirName, List<FieldError> errors) {
        var meta = b.meta();
        require(meta.key() != null && meta.key().equals(dirName), errors, TEMPLATE_FILE, "key",
                "key must equal the bundle's folder name '" + dirName + "'");
        require(meta.name() != null && meta.name().zh() != null && meta.name().en() != null, errors, TEMPLATE_FILE,
                "name", "name needs both zh-CN and en");
        require(meta.defaults() != null && meta.defaults().trialDays() > 0 && meta.defaults().seatLimit() > 0, errors,
                TEMPLATE_FILE, "defaults", "defaults needs trialDays and seatLimit, both above 0");
        try {
            java.time.ZoneId.of(meta.timeZone() == null ? "" : meta.timeZone());
        } catch (RuntimeException e) {
            errors.add(new FieldError(TEMPLATE_FILE, null, "timeZone", "timeZone must be an IANA zone such as Asia/Shanghai"));
        }

        Set<String> unitKeys = new HashSet<>();
        java.util.Map<String, Set<String>> titlesByUnit = new java.util.HashMap<>();
        if (b.org().units() == null || b.org().units().size() != 1) {
            errors.add(new FieldError(ORG_FILE, null, "units", "the org chart needs exactly one root unit"));
        } else {
            collectUnits(b.org().units().get(0), "units[0]", unitKeys, titlesByUnit, errors);
        }

        Set<String> roleKeys = new HashSet<>();
        List<TemplateBundle.Role> roles = meta.roles() == null ? List.of() : meta.roles();
        require(!roles.isEmpty(), errors, TEMPLATE_FILE, "roles", "declare at least one role");
        for (int i = 0; i < roles.size(); i++) {
            var r = roles.get(i);
            String p = "roles[" + i + "]";
            require(r.key() != null && KEY.matcher(r.key()).matches(), errors, TEMPLATE_FILE, p + ".key",
                    "role key must be lowercase letters, digits, '-' or '_'");
            require(roleKeys.add(String.valueOf(r.key())), errors, TEMPLATE_FILE, p + ".key", "duplicate role key '" + r.key() + "'");
            require(Set.of("EB", "UB", "TB").contains(String.valueOf(r.influence())), errors, TEMPLATE_FILE, p + ".influence",
                    "influence must be EB, UB or TB");
            require(unitKeys.contains(String.valueOf(r.unit())), errors, TEMPLATE_FILE, p + ".unit",
                    "unit '" + r.unit() + "' is not an org unit key in org.yaml");
            require(titlesByUnit.getOrDefault(r.unit(), Set.of()).contains(String.valueOf(r.title())), errors, TEMPLATE_FILE,
                    p + ".title", "no position titled '" + r.title() + "' in unit '" + r.unit() + "'");
        }

        var recs = b.records();
        java.util.Map<String, List<String>> vocab = recs.vocab() == null ? java.util.Map.of() : recs.vocab();
        List<TemplateBundle.RecordType> types = recs.types() == null ? List.of() : recs.types();
        require(!types.isEmpty(), errors, RECORDS_FILE, "types", "declare at least one record type");
        Set<String> typeKeys = new HashSet<>();
        for (int i = 0; i < types.size(); i++) {
            var t = types.get(i);
            String p = "types[" + i + "]";
            require(t.key() != null && KEY.matcher(t.key()).matches(), errors, RECORDS_FILE, p + ".key",
                    "record type key must be lowercase letters, digits, '-' or '_'");
            require(typeKeys.add(String.valueOf(t.key())), errors, RECORDS_FILE, p + ".key", "duplicate record type '" + t.key() + "'");
            Set<String> statuses = new HashSet<>();
            for (var s : t.statuses() == null ? List.<TemplateBundle.Status>of() : t.statuses()) {
                statuses.add(s.key());
            }
            require(!statuses.isEmpty(), errors, RECORDS_FILE, p + ".statuses", "declare the type's statuses");
            java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
            for (var f : t.fields() == null ? List.<TemplateBundle.Field>of() : t.fields()) {
                require(FIELD_TYPES.contains(String.valueOf(f.type())), errors, RECORDS_FILE, p + ".fields." + f.key(),
                        "field type must be one of " + FIELD_TYPES);
                fields.put(f.key(), f.type());
            }
            for (String col : t.listColumns() == null ? List.<String>of() : t.listColumns()) {
                require(BUILT_IN_COLUMNS.contains(col) || fields.containsKey(col), errors, RECORDS_FILE,
                        p + ".listColumns", "column '" + col + "' is neither built in (ref, title, status, when) nor a field");
            }
            var g = t.generate();
            if (g != null) {
                String gp = p + ".generate";
                require(g.count() >= 0 && g.count() <= 50_000, errors, RECORDS_FILE, gp + ".count", "count must be 0..50000");
                require(g.when() != null && g.when().fromDays() <= g.when().toDays(), errors, RECORDS_FILE, gp + ".when",
                        "when needs fromDays <= toDays");
                if (g.when() != null && g.when().hours() != null) {
                    var h = g.when().hours();
                    require(h.size() == 2 && h.get(0) >= 0 && h.get(0) < h.get(1) && h.get(1) <= 24, errors, RECORDS_FILE,
                            gp + ".when.hours", "hours must be [start, end) within 0..24");
                }
                if (g.title() != null) {
                    Matcher m = PLACEHOLDER.matcher(g.title());
                    while (m.find()) {
                        require(fields.containsKey(m.group(1)), errors, RECORDS_FILE, gp + ".title",
                                "'{" + m.group(1) + "}' in the title is not a field of " + t.key());
                    }
                }
                for (var e : (g.status() == null ? java.util.Map.<String, java.util.Map<String, Integer>>of() : g.status()).entrySet()) {
                    require(Set.of("past", "today", "future").contains(e.getKey()), errors, RECORDS_FILE, gp + ".status." + e.getKey(),
                            "status weights go under past, today or future");
                    for (String s : e.getValue().keySet()) {
                        require(statuses.contains(s), errors, RECORDS_FILE, gp + ".status." + e.getKey() + "." + s,
                                "status '" + s + "' is not declared in " + t.key() + ".statuses");
                    }
                }
                for (var e : (g.fields() == null ? java.util.Map.<String, TemplateBundle.FieldGenerator>of() : g.fields()).entrySet()) {
                    String fp = gp + ".fields." + e.getKey();
                    var fg = e.getValue();
                    require(fields.containsKey(e.getKey()), errors, RECORDS_FILE, fp, "'" + e.getKey() + "' is not a field of " + t.key());
                    int kinds = (fg.pick() != null ? 1 : 0) + (fg.min() != null || fg.max() != null ? 1 : 0)
                            + (fg.person() != null ? 1 : 0) + (Boolean.TRUE.equals(fg.district()) ? 1 : 0);
                    require(kinds == 1, errors, RECORDS_FILE, fp, "give exactly one of pick, min/max, person, district");
                    if (fg.pick() != null) {
                        require(vocab.containsKey(fg.pick()) && !vocab.get(fg.pick()).isEmpty(), errors, RECORDS_FILE, fp + ".pick",
                                "vocab list '" + fg.pick() + "' is not declared (or empty) under vocab");
                    }
                    if (fg.person() != null) {
                        require(unitKeys.contains(fg.person()), errors, RECORDS_FILE, fp + ".person",
                                "'" + fg.person() + "' is not an org unit key in org.yaml");
                    }
                    if (fg.min() != null || fg.max() != null) {
                        require(fg.min() != null && fg.max() != null && fg.min() <= fg.max(), errors, RECORDS_FILE, fp,
                                "give both min and max, min <= max");
                    }
                }
            }
            var samples = t.samples() == null ? List.<TemplateBundle.Sample>of() : t.samples();
            for (int s = 0; s < samples.size(); s++) {
                var sample = samples.get(s);
                String sp = p + ".samples[" + s + "]";
                require(sample.title() != null && !sample.title().isBlank(), errors, RECORDS_FILE, sp + ".title", "a sample needs a title");
                require(statuses.contains(String.valueOf(sample.status())), errors, RECORDS_FILE, sp + ".status",
                        "status '" + sample.status() + "' is not declared in " + t.key() + ".statuses");
                try {
                    RelativeDate.parse(sample.when());
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError(RECORDS_FILE, null, sp + ".when", e.getMessage()));
                }
                for (String f : sample.fields() == null ? Set.<String>of() : sample.fields().keySet()) {
                    require(fields.containsKey(f), errors, RECORDS_FILE, sp + ".fields." + f, "'" + f + "' is not a field of " + t.key());
                }
            }
        }
    }

    private void collectUnits(TemplateBundle.Unit u, String path, Set<String> keys, java.util.Map<String, Set<String>> titles,
            List<FieldError> errors) {
        require(u.key() != null && KEY.matcher(u.key()).matches(), errors, ORG_FILE, path + ".key",
                "unit key must be lowercase letters, digits, '-' or '_'");
        require(keys.add(String.valueOf(u.key())), errors, ORG_FILE, path + ".key", "duplicate unit key '" + u.key() + "'");
        require(u.name() != null && u.name().zh() != null, errors, ORG_FILE, path + ".name", "a unit needs a zh-CN name");
        Set<String> t = titles.computeIfAbsent(u.key(), k -> new HashSet<>());
        var positions = u.positionsOrEmpty();
        for (int i = 0; i < positions.size(); i++) {
            var pos = positions.get(i);
            require(pos.title() != null && pos.title().zh() != null, errors, ORG_FILE, path + ".positions[" + i + "].title",
                    "a position needs a zh-CN title");
            require(pos.count() >= 0 && pos.count() <= 5000, errors, ORG_FILE, path + ".positions[" + i + "].count",
                    "count must be 0..5000");
            if (pos.title() != null) {
                t.add(pos.title().zh());
            }
        }
        var children = u.unitsOrEmpty();
        for (int i = 0; i < children.size(); i++) {
            collectUnits(children.get(i), path + ".units[" + i + "]", keys, titles, errors);
        }
    }

    private static void require(boolean ok, List<FieldError> errors, String file, String path, String message) {
        if (!ok) {
            errors.add(new FieldError(file, null, path, message));
        }
    }
}
