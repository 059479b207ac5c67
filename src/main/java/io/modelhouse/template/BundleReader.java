package io.modelhouse.template;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.yaml.snakeyaml.error.MarkedYAMLException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.modelhouse.common.ApiProblem.FieldError;
import io.modelhouse.common.ModelhouseConfig;

/**
 * Reads a bundle into a {@link TemplateBundle} and checks every rule of the format
 * ({@code tenant-templates/README.md}). Reports every problem it can find at once, each with file,
 * line and path and a sentence saying what to do; a bundle with any problem is refused whole.
 */
@ApplicationScoped
public class BundleReader {

    static final String TEMPLATE_FILE = "template.yaml";
    static final String ORG_FILE = "org.yaml";
    static final String RECORDS_FILE = "records.yaml";
    static final String WORKSPACE_FILE = "workspace.yaml";
    static final String INTEGRATIONS_FILE = "integrations.yaml";
    static final String SCENARIOS_FILE = "scenarios.yaml";
    static final String KNOWLEDGE_FILE = "knowledge.yaml";
    public static final List<String> FILES = List.of(TEMPLATE_FILE, ORG_FILE, RECORDS_FILE, WORKSPACE_FILE,
            INTEGRATIONS_FILE, SCENARIOS_FILE, KNOWLEDGE_FILE, "README.md");

    public static final Set<String> STAGES = Set.of("opportunity", "qualification", "solution", "trial", "bidding", "contract",
            "delivery");
    public static final Set<String> DOCUMENT_KINDS = Set.of("white_paper", "solution", "case_study", "certificate",
            "bid_parameters", "manual", "pricing", "faq", "training");
    public static final Set<String> INTEGRATION_TYPES = Set.of("sms", "email", "erp", "mes", "wms", "tms", "gps", "payment",
            "hr", "oa", "map", "einvoice", "webhook", "gov-platform", "scale", "iot");
    private static final Set<String> FIELD_TYPES = Set.of("text", "number", "money", "person", "district", "date");
    private static final Set<String> BUILT_IN_COLUMNS = Set.of("ref", "title", "status", "when");
    private static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_-]{0,40}$");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z0-9_]+)}");
    static final int MAX_RECORDS = 100_000;

    /** The shared lists of seed-data/vocab that a pick may name as {@code @name}, read once. */
    private final Map<String, List<String>> sharedVocab;

    @Inject
    public BundleReader(ModelhouseConfig config) {
        this(config.seedData().dir());
    }

    public BundleReader(Path seedDataDir) {
        this.sharedVocab = SeedData.vocabLists(seedDataDir);
    }

    static final int MAX_PEOPLE = 20_000;

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public TemplateBundle read(Path dir) {
        return read(BundleFiles.fromDirectory(dir));
    }

    public TemplateBundle read(BundleFiles files) {
        Report r = new Report();
        TemplateBundle.Meta meta = parse(files, TEMPLATE_FILE, TemplateBundle.Meta.class, r);
        TemplateBundle.Org org = parse(files, ORG_FILE, TemplateBundle.Org.class, r);
        TemplateBundle.Records records = parse(files, RECORDS_FILE, TemplateBundle.Records.class, r);
        TemplateBundle.Workspace workspace = parse(files, WORKSPACE_FILE, TemplateBundle.Workspace.class, r);
        TemplateBundle.Integrations integrations = parse(files, INTEGRATIONS_FILE, TemplateBundle.Integrations.class, r);
        TemplateBundle.Scenarios scenarios = parse(files, SCENARIOS_FILE, TemplateBundle.Scenarios.class, r);
        TemplateBundle.Knowledge knowledge = parse(files, KNOWLEDGE_FILE, TemplateBundle.Knowledge.class, r);
        if (!r.errors.isEmpty()) {
            throw new BundleProblem(files.name(), r.errors);
        }
        TemplateBundle bundle = new TemplateBundle(meta, org, records, workspace, integrations, scenarios, knowledge);
        new Rules(bundle, r, sharedVocab).check();
        if (!r.errors.isEmpty()) {
            throw new BundleProblem(files.name(), r.errors);
        }
        return bundle;
    }

    private <T> T parse(BundleFiles files, String file, Class<T> type, Report r) {
        byte[] bytes = files.files().get(file);
        if (bytes == null) {
            r.errors.add(new FieldError(file, null, null,
                    "missing: every bundle needs " + file + " (see tenant-templates/README.md)"));
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            r.errors.add(new FieldError(file, null, null, "not UTF-8 text; save the file as UTF-8"));
            return null;
        }
        Integer alias = YamlLines.firstAlias(text);
        if (alias != null) {
            // refused before anything expands them: a recursive alias or a billion-laughs bundle
            // would otherwise exhaust the stack or the memory
            r.errors.add(new FieldError(file, alias, null, "YAML aliases (*name, with &name anchors) are not supported in a"
                    + " bundle; write the value out in full"));
            return null;
        }
        r.lines.put(file, new YamlLines(text));
        try {
            T value = yaml.readValue(text, type);
            if (value == null) {
                r.errors.add(new FieldError(file, 1, null, "the file is empty"));
            }
            return value;
        } catch (JsonProcessingException e) {
            MarkedYAMLException syntax = yamlSyntax(e);
            if (syntax != null) {
                String where = syntax.getContext() == null ? "" : " (" + syntax.getContext() + ")";
                Integer at = syntax.getProblemMark() == null ? line(e.getLocation()) : syntax.getProblemMark().getLine() + 1;
                r.errors.add(new FieldError(file, at, null, "YAML syntax: " + syntax.getProblem() + where
                        + "; check brackets, quotes and indentation (quote a text that contains a comma)"));
            } else if (e instanceof UnrecognizedPropertyException u) {
                String path = pathOf(u);
                r.errors.add(new FieldError(file, lineOf(r, file, path, u), path, "unknown key '" + u.getPropertyName()
                        + "'; allowed here: " + u.getKnownPropertyIds()
                        + " (check the spelling, or see tenant-templates/README.md)"));
            } else if (e instanceof JsonMappingException m) {
                String path = pathOf(m);
                r.errors.add(new FieldError(file, lineOf(r, file, path, m), path, firstLine(m.getOriginalMessage())));
            } else if (String.valueOf(e.getOriginalMessage()).contains("nesting depth")) {
                r.errors.add(new FieldError(file, line(e.getLocation()), null,
                        "nested too deeply (lists or maps inside each other more than 1000 levels); a bundle needs a few"));
            } else {
                r.errors.add(
                        new FieldError(file, line(e.getLocation()), null, "YAML syntax: " + firstLine(e.getOriginalMessage())));
            }
        } catch (IOException | RuntimeException e) {
            r.errors.add(new FieldError(file, null, null, "cannot be read: " + firstLine(String.valueOf(e.getMessage()))));
        }
        return null;
    }

    /** The YAML parser's own complaint, if that is what went wrong (it knows the exact line). */
    private static MarkedYAMLException yamlSyntax(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m) {
                return m;
            }
        }
        return null;
    }

    /** Jackson's location points at where it stopped reading; the path's own line is better when the file has it. */
    private static Integer lineOf(Report r, String file, String path, JsonProcessingException e) {
        YamlLines lines = r.lines.get(file);
        Integer exact = path == null || lines == null ? null : lines.exact(path);
        return exact != null ? exact : line(e.getLocation());
    }

    private static String firstLine(String s) {
        String line = s == null ? "" : s.split("\n")[0];
        return line.replaceAll("\\(class io\\.modelhouse\\.[A-Za-z.$]+\\)", "").replaceAll("`[a-z.]+\\.([A-Za-z$]+)`", "$1")
                .trim();
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

    /** Collected problems, with each file's path → line index for rules checked after parsing. */
    static final class Report {
        final List<FieldError> errors = new ArrayList<>();
        final Map<String, YamlLines> lines = new HashMap<>();

        void require(boolean ok, String file, String path, String message) {
            if (!ok) {
                add(file, path, message);
            }
        }

        void add(String file, String path, String message) {
            YamlLines l = lines.get(file);
            errors.add(new FieldError(file, l == null ? null : l.line(path), path, message));
        }
    }

    /** The rules that span files or that YAML mapping cannot express. */
    private static final class Rules {
        private final TemplateBundle b;
        private final Report r;
        private final Set<String> unitKeys = new HashSet<>();
        private final Map<String, Set<String>> titlesByUnit = new HashMap<>();
        private final Set<String> roleKeys = new HashSet<>();
        private final Set<String> typeKeys = new HashSet<>();
        private final Set<String> channelKeys = new HashSet<>();
        private final Set<String> flowKeys = new HashSet<>();
        private final Set<String> integrationKeys = new HashSet<>();
        private long people;

        private final Map<String, List<String>> sharedVocab;

        Rules(TemplateBundle b, Report r, Map<String, List<String>> sharedVocab) {
            this.sharedVocab = sharedVocab;
            this.b = b;
            this.r = r;
        }

        void check() {
            org();
            meta();
            records();
            workspace();
            integrations();
            valueMoments();
            scenarios();
            knowledge();
        }

        private void meta() {
            var m = b.meta();
            String f = TEMPLATE_FILE;
            r.require(m.key() != null && KEY.matcher(m.key()).matches(), f, "key",
                    "key must be lowercase letters, digits, '-' or '_', starting with a letter");
            localized(f, "name", m.name());
            r.require(m.customerType() != null && !m.customerType().isBlank(), f, "customerType", "customerType is required");
            r.require(m.defaults() != null && m.defaults().trialDays() > 0 && m.defaults().trialDays() <= 180, f,
                    "defaults.trialDays", "defaults.trialDays must be 1..180");
            r.require(m.defaults() != null && m.defaults().seatLimit() > 0 && m.defaults().seatLimit() <= 200, f,
                    "defaults.seatLimit", "defaults.seatLimit must be 1..200");
            try {
                ZoneId.of(m.timeZone() == null ? "" : m.timeZone());
            } catch (RuntimeException e) {
                r.add(f, "timeZone", "timeZone must be an IANA zone such as Asia/Shanghai");
            }
            r.require(m.city() != null && !m.city().isBlank(), f, "city",
                    "city is required: one of seed-data/places/cities.tsv");
            List<TemplateBundle.Role> roles = m.roles() == null ? List.of() : m.roles();
            r.require(!roles.isEmpty(), f, "roles", "declare at least one role");
            for (int i = 0; i < roles.size(); i++) {
                var role = roles.get(i);
                String p = "roles[" + i + "]";
                r.require(role.key() != null && KEY.matcher(role.key()).matches(), f, p + ".key",
                        "role key must be lowercase letters, digits, '-' or '_'");
                r.require(role.key() == null || roleKeys.add(role.key()), f, p + ".key",
                        "duplicate role key '" + role.key() + "'");
                localized(f, p + ".name", role.name());
                r.require(Set.of("EB", "UB", "TB").contains(String.valueOf(role.influence())), f, p + ".influence",
                        "influence must be EB (economic buyer), UB (user buyer) or TB (technical buyer), not '"
                                + role.influence() + "'");
                r.require(unitKeys.contains(String.valueOf(role.unit())), f, p + ".unit",
                        "unit '" + role.unit() + "' is not an org unit key in org.yaml");
                r.require(!unitKeys.contains(String.valueOf(role.unit()))
                        || titlesByUnit.getOrDefault(role.unit(), Set.of()).contains(String.valueOf(role.title())), f,
                        p + ".title",
                        "no position titled '" + role.title() + "' in unit '" + role.unit() + "' of org.yaml");
            }
        }

        private void org() {
            var units = b.org().units();
            if (units == null || units.size() != 1) {
                r.add(ORG_FILE, "units", "the org chart needs exactly one root unit (it becomes the prospect's company)");
                return;
            }
            unit(units.get(0), "units[0]");
            r.require(people > 0 && people <= MAX_PEOPLE, ORG_FILE, "units",
                    "the org chart has " + people + " people; it needs 1.." + MAX_PEOPLE);
        }

        private void unit(TemplateBundle.Unit u, String path) {
            r.require(u.key() != null && KEY.matcher(u.key()).matches(), ORG_FILE, path + ".key",
                    "unit key must be lowercase letters, digits, '-' or '_'");
            r.require(u.key() == null || unitKeys.add(u.key()), ORG_FILE, path + ".key",
                    "duplicate unit key '" + u.key() + "'");
            localized(ORG_FILE, path + ".name", u.name());
            Set<String> titles = titlesByUnit.computeIfAbsent(String.valueOf(u.key()), k -> new HashSet<>());
            var positions = u.positionsOrEmpty();
            for (int i = 0; i < positions.size(); i++) {
                var pos = positions.get(i);
                String p = path + ".positions[" + i + "]";
                localized(ORG_FILE, p + ".title", pos.title());
                r.require(pos.count() >= 0 && pos.count() <= 5000, ORG_FILE, p + ".count", "count must be 0..5000");
                if (pos.title() != null && pos.title().zh() != null) {
                    titles.add(pos.title().zh());
                }
                people += Math.max(0, pos.count());
            }
            var children = u.unitsOrEmpty();
            for (int i = 0; i < children.size(); i++) {
                unit(children.get(i), path + ".units[" + i + "]");
            }
        }

        private void records() {
            String f = RECORDS_FILE;
            Map<String, List<String>> vocab = new HashMap<>(
                    b.records().vocab() == null ? Map.of() : b.records().vocab());
            sharedVocab.forEach((name, items) -> vocab.put(SeedData.SHARED_PREFIX + name, items));
            List<TemplateBundle.RecordType> types = b.records().types() == null ? List.of() : b.records().types();
            r.require(!types.isEmpty(), f, "types", "declare at least one record type");
            long total = 0;
            for (int i = 0; i < types.size(); i++) {
                var t = types.get(i);
                String p = "types[" + i + "]";
                r.require(t.key() != null && KEY.matcher(t.key()).matches(), f, p + ".key",
                        "record type key must be lowercase letters, digits, '-' or '_'");
                r.require(t.key() == null || typeKeys.add(t.key()), f, p + ".key", "duplicate record type '" + t.key() + "'");
                localized(f, p + ".name", t.name());
                Set<String> statuses = new HashSet<>();
                var st = t.statuses() == null ? List.<TemplateBundle.Status> of() : t.statuses();
                for (int s = 0; s < st.size(); s++) {
                    r.require(st.get(s).key() != null && statuses.add(st.get(s).key()), f, p + ".statuses[" + s + "].key",
                            "each status needs a key, once");
                    localized(f, p + ".statuses[" + s + "].name", st.get(s).name());
                }
                r.require(!statuses.isEmpty(), f, p + ".statuses", "declare the type's statuses");
                Map<String, String> fields = new LinkedHashMap<>();
                var fl = t.fields() == null ? List.<TemplateBundle.Field> of() : t.fields();
                for (int k = 0; k < fl.size(); k++) {
                    var field = fl.get(k);
                    String fp = p + ".fields[" + k + "]";
                    r.require(field.key() != null && !BUILT_IN_COLUMNS.contains(field.key()), f, fp + ".key",
                            "a field needs a key that is not ref, title, status or when");
                    r.require(field.key() == null || fields.put(field.key(), field.type()) == null, f, fp + ".key",
                            "duplicate field '" + field.key() + "'");
                    r.require(FIELD_TYPES.contains(String.valueOf(field.type())), f, fp + ".type",
                            "field type must be one of " + new TreeSet<>(FIELD_TYPES) + ", not '" + field.type()
                                    + "'");
                    localized(f, fp + ".name", field.name());
                }
                var cols = t.listColumns() == null ? List.<String> of() : t.listColumns();
                for (int c = 0; c < cols.size(); c++) {
                    String col = cols.get(c);
                    r.require(BUILT_IN_COLUMNS.contains(col) || fields.containsKey(col), f, p + ".listColumns[" + c + "]",
                            "column '" + col + "' is neither built in (ref, title, status, when) nor a field of " + t.key());
                }
                if (t.generate() != null) {
                    total += Math.max(0, t.generate().count());
                    generate(t, p + ".generate", statuses, fields, vocab);
                }
                var samples = t.samples() == null ? List.<TemplateBundle.Sample> of() : t.samples();
                total += samples.size();
                for (int s = 0; s < samples.size(); s++) {
                    var sample = samples.get(s);
                    String sp = p + ".samples[" + s + "]";
                    r.require(sample.title() != null && !sample.title().isBlank(), f, sp + ".title", "a sample needs a title");
                    r.require(statuses.contains(String.valueOf(sample.status())), f, sp + ".status",
                            "status '" + sample.status() + "' is not declared in " + t.key() + ".statuses " + statuses);
                    date(f, sp + ".when", sample.when());
                    for (var e : (sample.fields() == null ? Map.<String, Object> of() : sample.fields()).entrySet()) {
                        String k = e.getKey();
                        r.require(fields.containsKey(k), f, sp + ".fields." + k, "'" + k + "' is not a field of " + t.key());
                        if ("date".equals(fields.get(k))) {
                            date(f, sp + ".fields." + k, e.getValue() == null ? null : e.getValue().toString());
                        }
                    }
                }
            }
            r.require(total <= MAX_RECORDS, f, "types", "the bundle makes " + total + " records; at most " + MAX_RECORDS);
        }

        private void generate(TemplateBundle.RecordType t, String gp, Set<String> statuses, Map<String, String> fields,
                Map<String, List<String>> vocab) {
            String f = RECORDS_FILE;
            var g = t.generate();
            r.require(g.count() >= 0 && g.count() <= 50_000, f, gp + ".count", "count must be 0..50000");
            r.require(g.when() != null, f, gp + ".when", "when is required: {fromDays, toDays, hours, workdaysOnly}");
            if (g.when() != null) {
                r.require(g.when().fromDays() <= g.when().toDays() && Math.abs(g.when().fromDays()) <= 3650
                        && Math.abs(g.when().toDays()) <= 3650, f, gp + ".when",
                        "when needs fromDays <= toDays, within ten years");
                var h = g.when().hours();
                r.require(h == null || (h.size() == 2 && h.get(0) != null && h.get(1) != null && h.get(0) >= 0
                        && h.get(0) < h.get(1) && h.get(1) <= 24), f, gp + ".when.hours",
                        "hours must be [start, end) within 0..24");
            }
            if (g.title() != null) {
                Matcher m = PLACEHOLDER.matcher(g.title());
                while (m.find()) {
                    r.require(fields.containsKey(m.group(1)), f, gp + ".title",
                            "'{" + m.group(1) + "}' in the title is not a field of " + t.key());
                }
            }
            var weights = g.status() == null ? Map.<String, Map<String, Integer>> of() : g.status();
            for (var e : weights.entrySet()) {
                String sp = gp + ".status." + e.getKey();
                r.require(Set.of("past", "today", "future").contains(e.getKey()), f, sp,
                        "status weights go under past, today or future, not '" + e.getKey() + "'");
                for (var w : (e.getValue() == null ? Map.<String, Integer> of() : e.getValue()).entrySet()) {
                    r.require(statuses.contains(w.getKey()), f, sp + "." + w.getKey(),
                            "status '" + w.getKey() + "' is not declared in " + t.key() + ".statuses " + statuses);
                    r.require(w.getValue() != null && w.getValue() >= 0, f, sp + "." + w.getKey(),
                            "a weight is a whole number >= 0");
                }
            }
            var gens = g.fields() == null ? Map.<String, TemplateBundle.FieldGenerator> of() : g.fields();
            for (var e : gens.entrySet()) {
                String fp = gp + ".fields." + e.getKey();
                var fg = e.getValue();
                r.require(fields.containsKey(e.getKey()), f, fp, "'" + e.getKey() + "' is not a field of " + t.key());
                if (fg == null) {
                    r.add(f, fp, "give a generator: pick, min/max, person or district");
                    continue;
                }
                int kinds = (fg.pick() != null ? 1 : 0) + (fg.min() != null || fg.max() != null ? 1 : 0)
                        + (fg.person() != null ? 1 : 0) + (Boolean.TRUE.equals(fg.district()) ? 1 : 0);
                r.require(kinds == 1, f, fp, "give exactly one of pick, min/max, person, district");
                if (fg.pick() != null) {
                    r.require(vocab.get(fg.pick()) != null && !vocab.get(fg.pick()).isEmpty(), f, fp + ".pick",
                            "vocab list '" + fg.pick() + "' is not declared (or is empty) under vocab"
                                    + (fg.pick().startsWith(SeedData.SHARED_PREFIX) ? " nor in seed-data/vocab" : ""));
                    if ("date".equals(fields.get(e.getKey())) && vocab.get(fg.pick()) != null) {
                        List<String> list = vocab.get(fg.pick());
                        for (int i = 0; i < list.size(); i++) {
                            date(f, "vocab." + fg.pick() + "[" + i + "]", list.get(i));
                        }
                    }
                }
                r.require(!"date".equals(fields.get(e.getKey())) || fg.pick() != null, f, fp,
                        "a date field is generated by picking from a vocab list of relative dates (e.g. today+30d)");
                if (fg.person() != null) {
                    r.require(unitKeys.contains(fg.person()), f, fp + ".person",
                            "'" + fg.person() + "' is not an org unit key in org.yaml");
                }
                if (fg.min() != null || fg.max() != null) {
                    r.require(fg.min() != null && fg.max() != null && fg.min() <= fg.max(), f, fp,
                            "give both min and max, min <= max");
                }
            }
        }

        private void workspace() {
            String f = WORKSPACE_FILE;
            var w = b.workspace();
            for (int i = 0; i < w.channels().size(); i++) {
                var c = w.channels().get(i);
                String p = "channels[" + i + "]";
                r.require(c.key() != null && KEY.matcher(c.key()).matches(), f, p + ".key",
                        "channel key must be lowercase letters, digits, '-' or '_'");
                r.require(c.key() == null || channelKeys.add(c.key()), f, p + ".key",
                        "duplicate channel key '" + c.key() + "'");
                localized(f, p + ".name", c.name());
                r.require(unitKeys.contains(String.valueOf(c.unit())), f, p + ".unit",
                        "unit '" + c.unit() + "' is not an org unit key in org.yaml");
                for (int m = 0; m < c.messages().size(); m++) {
                    var msg = c.messages().get(m);
                    String mp = p + ".messages[" + m + "]";
                    person(f, mp + ".from", msg.from());
                    date(f, mp + ".when", msg.when());
                    r.require(msg.text() != null && !msg.text().isBlank(), f, mp + ".text", "a message needs text");
                }
            }
            for (int i = 0; i < w.announcements().size(); i++) {
                var a = w.announcements().get(i);
                String p = "announcements[" + i + "]";
                r.require(a.title() != null && !a.title().isBlank(), f, p + ".title", "an announcement needs a title");
                person(f, p + ".from", a.from());
                date(f, p + ".when", a.when());
            }
            for (int i = 0; i < w.approvalFlows().size(); i++) {
                var flow = w.approvalFlows().get(i);
                String p = "approvalFlows[" + i + "]";
                r.require(flow.key() != null && KEY.matcher(flow.key()).matches(), f, p + ".key",
                        "flow key must be lowercase letters, digits, '-' or '_'");
                r.require(flow.key() == null || flowKeys.add(flow.key()), f, p + ".key",
                        "duplicate approval flow '" + flow.key() + "'");
                localized(f, p + ".name", flow.name());
                r.require(!flow.steps().isEmpty(), f, p + ".steps", "an approval flow needs at least one step");
                for (int s = 0; s < flow.steps().size(); s++) {
                    person(f, p + ".steps[" + s + "]", flow.steps().get(s));
                }
                for (int q = 0; q < flow.requests().size(); q++) {
                    var req = flow.requests().get(q);
                    String qp = p + ".requests[" + q + "]";
                    r.require(req.title() != null && !req.title().isBlank(), f, qp + ".title", "a request needs a title");
                    person(f, qp + ".from", req.from());
                    date(f, qp + ".when", req.when());
                    r.require(Set.of("pending", "approved", "rejected").contains(String.valueOf(req.status())), f,
                            qp + ".status",
                            "status must be pending, approved or rejected");
                }
            }
            for (int i = 0; i < w.tasks().size(); i++) {
                var t = w.tasks().get(i);
                String p = "tasks[" + i + "]";
                r.require(t.title() != null && !t.title().isBlank(), f, p + ".title", "a task needs a title");
                person(f, p + ".assignee", t.assignee());
                date(f, p + ".due", t.due());
                r.require(Set.of("open", "done").contains(String.valueOf(t.status())), f, p + ".status",
                        "status must be open or done");
            }
        }

        private void integrations() {
            String f = INTEGRATIONS_FILE;
            var list = b.integrations().integrations();
            for (int i = 0; i < list.size(); i++) {
                var in = list.get(i);
                String p = "integrations[" + i + "]";
                r.require(in.key() != null && KEY.matcher(in.key()).matches(), f, p + ".key",
                        "integration key must be lowercase letters, digits, '-' or '_'");
                r.require(in.key() == null || integrationKeys.add(in.key()), f, p + ".key",
                        "duplicate integration '" + in.key() + "'");
                r.require(INTEGRATION_TYPES.contains(String.valueOf(in.type())), f, p + ".type",
                        "unknown integration type '" + in.type() + "'; use one of "
                                + new TreeSet<>(INTEGRATION_TYPES));
                localized(f, p + ".name", in.name());
                for (var s : in.settings().entrySet()) {
                    Object v = s.getValue();
                    r.require(v instanceof String || v instanceof Number || v instanceof Boolean, f,
                            p + ".settings." + s.getKey(),
                            "settings are flat: a string, number or boolean");
                }
                for (int s = 0; s < in.syncLog().size(); s++) {
                    var e = in.syncLog().get(s);
                    String sp = p + ".syncLog[" + s + "]";
                    date(f, sp + ".when", e.when());
                    r.require(Set.of("ok", "warning", "error").contains(String.valueOf(e.status())), f, sp + ".status",
                            "status must be ok, warning or error");
                    localized(f, sp + ".message", e.message());
                }
                if (in.broken() != null) {
                    r.require(in.broken().setting() != null && in.settings().containsKey(in.broken().setting()), f,
                            p + ".broken.setting", "broken.setting names the setting to fix; '" + in.broken().setting()
                                    + "' is not one of this integration's settings " + new TreeSet<>(in.settings().keySet()));
                    localized(f, p + ".broken.problem", in.broken().problem());
                }
            }
        }

        /** Each role's value moments: known features of this bundle, and an event that can happen there. */
        private void valueMoments() {
            String f = TEMPLATE_FILE;
            List<TemplateBundle.Role> roles = b.meta().roles() == null ? List.of() : b.meta().roles();
            for (int i = 0; i < roles.size(); i++) {
                var moments = roles.get(i).valueMoments();
                for (int k = 0; k < moments.size(); k++) {
                    var step = moments.get(k);
                    String sp = "roles[" + i + "].valueMoments[" + k + "]";
                    r.require(feature(step.feature()), f, sp + ".feature", "feature '" + step.feature()
                            + "' is unknown; use dashboard, org, announcements, tasks, knowledge, records.<type>, "
                            + "channels.<channel>, approvals.<flow> or integrations.<integration> of this bundle");
                    Set<String> events = stepEvents(step.feature());
                    r.require(events.contains(String.valueOf(step.event())), f, sp + ".event", "'" + step.event()
                            + "' is not one of " + new TreeSet<>(events) + " for feature " + step.feature());
                    localized(f, sp + ".title", step.title());
                }
            }
        }

        private void scenarios() {
            String f = SCENARIOS_FILE;
            var list = b.scenarios().scenarios();
            Set<String> keys = new HashSet<>();
            Set<String> covered = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                var s = list.get(i);
                String p = "scenarios[" + i + "]";
                r.require(s.key() != null && keys.add(s.key()), f, p + ".key", "each scenario needs a key, once");
                r.require(roleKeys.contains(String.valueOf(s.role())), f, p + ".role",
                        "'" + s.role() + "' is not a role of template.yaml " + new TreeSet<>(roleKeys));
                covered.add(s.role());
                localized(f, p + ".title", s.title());
                r.require(!s.steps().isEmpty(), f, p + ".steps", "a scenario needs steps");
                for (int k = 0; k < s.steps().size(); k++) {
                    var step = s.steps().get(k);
                    String sp = p + ".steps[" + k + "]";
                    r.require(feature(step.feature()), f, sp + ".feature", "feature '" + step.feature()
                            + "' is unknown; use dashboard, org, announcements, tasks, knowledge, records.<type>, "
                            + "channels.<channel>, approvals.<flow> or integrations.<integration> of this bundle");
                    Set<String> events = stepEvents(step.feature());
                    r.require(events.contains(String.valueOf(step.event())), f, sp + ".event", "what completes the step: '"
                            + step.event() + "' is not one of " + new TreeSet<>(events) + " for feature " + step.feature()
                            + " (see tenant-templates/README.md, \"Scenarios\")");
                    localized(f, sp + ".title", step.title());
                }
            }
            for (String role : roleKeys) {
                r.require(covered.contains(role), f, "scenarios", "role '" + role + "' has no scenario; every role needs one");
            }
        }

        /**
         * The usage events that can complete a step on a feature: what the product lets a person do
         * there (the portal records exactly these, src/site/markdown/usage-events.md).
         */
        static Set<String> stepEvents(String feature) {
            String kind = feature == null ? "" : feature.contains(".") ? feature.substring(0, feature.indexOf('.')) : feature;
            return switch (kind) {
                case "dashboard" -> Set.of("page_view");
                case "org" -> Set.of("feature_used");
                case "records" -> Set.of("page_view", "search", "record_created", "record_updated");
                case "channels" -> Set.of("message_posted");
                case "approvals" -> Set.of("approval_started", "approval_decided");
                case "tasks" -> Set.of("task_created", "task_assigned", "task_done");
                case "announcements" -> Set.of("announcement_read");
                case "integrations" -> Set.of("integration_tested", "integration_configured");
                case "knowledge" -> Set.of("doc_opened");
                default -> Set.of();
            };
        }

        private boolean feature(String feature) {
            if (feature == null) {
                return false;
            }
            if (Set.of("dashboard", "org", "announcements", "tasks", "knowledge").contains(feature)) {
                return true;
            }
            int dot = feature.indexOf('.');
            if (dot < 0) {
                return false;
            }
            String kind = feature.substring(0, dot);
            String key = feature.substring(dot + 1);
            return switch (kind) {
                case "records" -> typeKeys.contains(key);
                case "channels" -> channelKeys.contains(key);
                case "approvals" -> flowKeys.contains(key);
                case "integrations" -> integrationKeys.contains(key);
                default -> false;
            };
        }

        private void knowledge() {
            String f = KNOWLEDGE_FILE;
            var docs = b.knowledge().documents();
            Set<String> keys = new HashSet<>();
            Set<String> stages = new HashSet<>();
            for (int i = 0; i < docs.size(); i++) {
                var d = docs.get(i);
                String p = "documents[" + i + "]";
                r.require(d.key() != null && keys.add(d.key()), f, p + ".key", "each document needs a key, once");
                r.require(STAGES.contains(String.valueOf(d.stage())), f, p + ".stage",
                        "unknown sales stage '" + d.stage() + "'; use one of " + new TreeSet<>(STAGES));
                stages.add(d.stage());
                r.require(DOCUMENT_KINDS.contains(String.valueOf(d.kind())), f, p + ".kind",
                        "unknown document kind '" + d.kind() + "'; use one of " + new TreeSet<>(DOCUMENT_KINDS));
                localized(f, p + ".title", d.title());
                for (String a : d.audience()) {
                    r.require(Set.of("EB", "UB", "TB").contains(a), f, p + ".audience", "audience entries are EB, UB or TB");
                }
                for (String role : d.roles()) {
                    r.require(roleKeys.contains(role), f, p + ".roles",
                            "'" + role + "' is not a role of template.yaml " + new TreeSet<>(roleKeys));
                }
                if (d.body() != null) {
                    localized(f, p + ".body", d.body());
                }
            }
            for (String stage : new TreeSet<>(STAGES)) {
                r.require(stages.contains(stage), f, "documents", "no document for sales stage '" + stage
                        + "'; the knowledge pack needs one for every stage");
            }
        }

        private void person(String f, String path, TemplateBundle.PersonRef ref) {
            if (ref == null || (ref.role() == null) == (ref.unit() == null)) {
                r.add(f, path, "give exactly one of {role: <role key>} or {unit: <org unit key>}");
            } else if (ref.role() != null) {
                r.require(roleKeys.contains(ref.role()), f, path + ".role",
                        "'" + ref.role() + "' is not a role of template.yaml");
            } else {
                r.require(unitKeys.contains(ref.unit()), f, path + ".unit",
                        "'" + ref.unit() + "' is not an org unit key in org.yaml");
            }
        }

        private void date(String f, String path, String text) {
            try {
                RelativeDate.parse(text);
            } catch (IllegalArgumentException e) {
                r.add(f, path, e.getMessage());
            }
        }

        private void localized(String f, String path, Localized l) {
            r.require(l != null && l.zh() != null && !l.zh().isBlank() && l.en() != null && !l.en().isBlank(), f, path,
                    "needs both languages: {zh-CN: ..., en: ...}");
        }
    }
}
