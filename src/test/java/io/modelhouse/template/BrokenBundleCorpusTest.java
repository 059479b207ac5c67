package io.modelhouse.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.modelhouse.common.ApiProblem.FieldError;
import io.modelhouse.testsupport.Bundles;

/**
 * The corpus of broken bundles: one per kind of mistake, each a small edit of the bundled
 * logistics template, each refused with the file, line and message an author needs.
 */
class BrokenBundleCorpusTest {

    private final BundleReader reader = new BundleReader(Path.of("seed-data"));

    /** One broken bundle: which file to edit, how, and what the error must say (the line is found by the marker). */
    record Case(String name, String file, UnaryOperator<String> edit, String marker, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> corpus() {
        return Stream.of(
                new Case("YAML syntax error", "org.yaml",
                        t -> t.replaceFirst("name: \\{zh-CN: 总经办", "name: {zh-CN: 总经办 [[ broken"), "总经办 [[ broken",
                        "YAML syntax"),
                new Case("unknown key", "template.yaml", t -> t.replace("seed: ", "colour: blue\nseed: "), "colour: blue",
                        "unknown key 'colour'"),
                new Case("wrong type", "template.yaml", t -> t.replaceFirst("(?m)^seed: .*$", "seed: twenty"), "seed: twenty",
                        "long"),
                new Case("duplicate key", "template.yaml", t -> t.replaceFirst("(?m)^seed: (.*)$", "seed: $1\nseed: 42"),
                        "seed: 42", "Duplicate field 'seed'"),
                new Case("missing required field", "template.yaml",
                        t -> t.replaceFirst("(?m)^customerType: .*$", "customerType: \"\""), "customerType:",
                        "customerType is required"),
                new Case("role in an unknown unit", "template.yaml", t -> t.replaceFirst("unit: mgmt", "unit: nowhere-unit"),
                        "unit: nowhere-unit", "'nowhere-unit' is not an org unit key"),
                new Case("bad influence", "template.yaml", t -> t.replaceFirst("influence: TB", "influence: XB"),
                        "influence: XB",
                        "influence must be EB"),
                new Case("duplicate role", "template.yaml", t -> t.replaceFirst("key: sales", "key: finance   # the duplicate"),
                        "# the duplicate",
                        "duplicate role key 'finance'"),
                new Case("scenario names an unknown role", "scenarios.yaml",
                        t -> t.replaceFirst("role: dispatcher", "role: captain"), "role: captain", "'captain' is not a role"),
                new Case("scenario step on an unknown feature", "scenarios.yaml",
                        t -> t.replaceFirst("feature: records\\.delivery_order", "feature: records.spaceships"),
                        "feature: records.spaceships", "feature 'records.spaceships' is unknown"),
                new Case("sample names an unknown field", "records.yaml",
                        t -> t.replaceFirst("fields: \\{customer: ", "fields: {colour: red, customer: "), "colour: red",
                        "'colour' is not a field of delivery_order"),
                new Case("generator names an unknown unit", "records.yaml",
                        t -> t.replaceFirst("\\{person: fleet\\}", "{person: ghosts}"),
                        "person: ghosts", "'ghosts' is not an org unit key"),
                new Case("status weight of an undeclared status", "records.yaml",
                        t -> t.replaceFirst("future: \\{pending: ", "future: {teleported: 1, pending: "), "teleported: 1",
                        "status 'teleported' is not declared"),
                new Case("unknown list column", "records.yaml",
                        t -> t.replaceFirst("listColumns: \\[ref, ", "listColumns: [ref, colour, "),
                        "colour", "column 'colour' is neither built in"),
                new Case("integration of an unknown type", "integrations.yaml",
                        t -> t.replaceFirst("type: wms", "type: teleporter"),
                        "type: teleporter", "unknown integration type 'teleporter'"),
                new Case("bad relative date", "workspace.yaml",
                        t -> t.replaceFirst("when: \"?today([^\"\\n]*)\"?", "when: yesterday"),
                        "when: yesterday", "'yesterday' is not a relative date"),
                new Case("message from an unknown unit", "workspace.yaml",
                        t -> t.replaceFirst("from: \\{unit: [a-z-]+\\}", "from: {unit: moon-base}"), "moon-base",
                        "'moon-base' is not an org unit key"),
                new Case("knowledge pack missing a stage", "knowledge.yaml",
                        t -> t.replace("stage: delivery", "stage: contract"),
                        null, "no document for sales stage 'delivery'"),
                new Case("unknown sales stage", "knowledge.yaml", t -> t.replaceFirst("stage: trial", "stage: haggling"),
                        "stage: haggling", "unknown sales stage 'haggling'"),
                new Case("pick from a shared list that does not exist", "records.yaml",
                        t -> t.replaceFirst("\\{pick: goods\\}", "{pick: '@no-such-list'}"), "@no-such-list",
                        "'@no-such-list' is not declared (or is empty) under vocab nor in seed-data/vocab"),
                new Case("two roots", "org.yaml", t -> t + "  - key: second-root\n    name: {zh-CN: 第二家, en: Second}\n",
                        null, "exactly one root unit"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedWithFileLineAndMessage(Case c) {
        Map<String, String> files = Bundles.bundled("logistics");
        String edited = c.edit().apply(files.get(c.file()));
        assertTrue(!edited.equals(files.get(c.file())), "the edit changed nothing: fix the corpus case " + c.name());
        files.put(c.file(), edited);
        BundleProblem problem = assertThrows(BundleProblem.class, () -> reader.read(Bundles.files("logistics", files)));
        FieldError hit = problem.errors().stream()
                .filter(e -> c.file().equals(e.file()) && e.message().contains(c.message()))
                .findFirst()
                .orElseGet(() -> fail("expected '" + c.message() + "' in " + c.file() + "; got " + problem.errors()));
        if (c.marker() != null) {
            assertEquals(Bundles.lineOf(edited, c.marker()), hit.line(), "line of " + hit);
        } else {
            assertTrue(hit.line() != null, "a line is given: " + hit);
        }
    }

    @Test
    void missingFileAndNonUtf8AreNamed() {
        Map<String, String> files = Bundles.bundled("logistics");
        files.remove("knowledge.yaml");
        var missing = assertThrows(BundleProblem.class, () -> reader.read(Bundles.files("logistics", files)));
        assertTrue(
                missing.errors().stream().anyMatch(e -> "knowledge.yaml".equals(e.file()) && e.message().contains("missing")));

        Map<String, byte[]> bytes = new LinkedHashMap<>(Bundles.files("logistics", Bundles.bundled("logistics")).files());
        bytes.put("org.yaml", "units:\n  - key: \u00ff".getBytes(StandardCharsets.ISO_8859_1));
        var latin1 = assertThrows(BundleProblem.class, () -> reader.read(new BundleFiles("logistics", bytes)));
        assertTrue(latin1.errors().stream().anyMatch(e -> "org.yaml".equals(e.file()) && e.message().contains("UTF-8")));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> files = Bundles.bundled("logistics");
        files.put("template.yaml", files.get("template.yaml").replaceFirst("influence: TB", "influence: XB"));
        files.put("scenarios.yaml", files.get("scenarios.yaml").replaceFirst("role: dispatcher", "role: captain"));
        files.put("integrations.yaml", files.get("integrations.yaml").replaceFirst("type: wms", "type: teleporter"));
        var problem = assertThrows(BundleProblem.class, () -> reader.read(Bundles.files("logistics", files)));
        assertEquals(List.of("integrations.yaml", "scenarios.yaml", "template.yaml"),
                problem.errors().stream().map(FieldError::file).distinct().sorted().toList());
    }
}
