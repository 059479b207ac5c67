package io.modelhouse.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.modelhouse.testsupport.Bundles;

/** Bundle reading and generation, without starting anything. */
class BundleReaderTest {

    private static final Path LOGISTICS = Path.of("tenant-templates/logistics");
    private final BundleReader reader = new BundleReader(Path.of("seed-data"));

    @Test
    void theBundledLogisticsTemplateIsValidAndBigEnoughToDemo() {
        TemplateBundle b = reader.read(LOGISTICS);
        GoldenRows rows = new GoldenRowGenerator(b, SeedData.load(Path.of("seed-data"))).generate();
        assertTrue(rows.members().size() >= 100, "people: " + rows.members().size());
        assertTrue(rows.records().size() >= 3000, "records: " + rows.records().size());
        assertEquals(1, rows.units().stream().filter(u -> u.parentLocalId() == null).count(), "one root");
        for (TemplateBundle.Role role : b.meta().roles()) {
            assertEquals(1, rows.members().stream().filter(m -> role.key().equals(m.roleKey())).count(),
                    "a seat for " + role.key());
        }
        assertEquals(rows.members().size(), rows.members().stream().map(GoldenRows.MemberRow::name).distinct().count(),
                "no two people share a name");
    }

    @Test
    void aPickMayDrawFromSeedDataSharedLists() {
        var files = Bundles.bundled("logistics");
        files.put("records.yaml", files.get("records.yaml").replaceFirst("\\{pick: goods\\}", "{pick: '@produce'}"));
        TemplateBundle b = reader.read(Bundles.files("logistics", files));
        SeedData seed = SeedData.load(Path.of("seed-data"));
        var produce = new HashSet<>(seed.vocab().get("produce"));
        GoldenRows rows = new GoldenRowGenerator(b, seed).generate();
        long fromProduce = rows.records().stream().filter(r -> r.type().equals("delivery_order"))
                .map(GoldenRows.RecordRow::dataJson)
                .filter(d -> produce.stream().anyMatch(p -> d.contains("\"goods\":\"" + p + "\""))).count();
        assertTrue(fromProduce > 1000, "goods drawn from seed-data/vocab/produce.txt: " + fromProduce);
    }

    @Test
    void generationIsDeterministic() {
        TemplateBundle b = reader.read(LOGISTICS);
        SeedData seed = SeedData.load(Path.of("seed-data"));
        assertEquals(new GoldenRowGenerator(b, seed).generate(), new GoldenRowGenerator(b, seed).generate());
    }

    @Test
    void aSyntaxErrorNamesFileAndLine(@TempDir Path dir) throws IOException {
        Path copy = copyLogistics(dir);
        Files.writeString(copy.resolve("org.yaml"), "units:\n  - key: hq\n    name: {zh-CN: x, en: y\n    units: []\n");
        var problem = assertThrows(BundleProblem.class, () -> reader.read(copy));
        var error = problem.errors().get(0);
        assertEquals("org.yaml", error.file());
        assertTrue(error.line() != null && error.line() >= 3, "line given: " + error.line());
    }

    @Test
    void brokenReferencesAreAllReportedWithTheirPaths(@TempDir Path dir) throws IOException {
        Path copy = copyLogistics(dir);
        String template = Files.readString(copy.resolve("template.yaml"))
                .replace("unit: mgmt", "unit: nowhere")
                .replace("influence: TB", "influence: XX");
        Files.writeString(copy.resolve("template.yaml"), template);
        var problem = assertThrows(BundleProblem.class, () -> reader.read(copy));
        assertTrue(problem.errors().stream().anyMatch(e -> e.path().equals("roles[0].unit") && e.message().contains("nowhere")),
                problem.errors().toString());
        assertTrue(problem.errors().stream().anyMatch(e -> e.path().endsWith(".influence")), problem.errors().toString());
    }

    @Test
    void anUnknownKeyIsRefusedWithItsLine(@TempDir Path dir) throws IOException {
        Path copy = copyLogistics(dir);
        String t = Files.readString(copy.resolve("template.yaml"));
        Files.writeString(copy.resolve("template.yaml"), t.replace("seed: ", "colour: blue\nseed: "));
        var problem = assertThrows(BundleProblem.class, () -> reader.read(copy));
        var error = problem.errors().get(0);
        assertEquals("template.yaml", error.file());
        assertTrue(error.message().contains("colour"), error.message());
        assertNotEquals(null, error.line());
    }

    private static Path copyLogistics(Path dir) throws IOException {
        Path copy = dir.resolve("logistics");
        Files.createDirectories(copy);
        for (String f : Bundles.FILES) {
            Files.copy(LOGISTICS.resolve(f), copy.resolve(f));
        }
        return copy;
    }
}
