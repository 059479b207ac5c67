package io.modelhouse.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.Bundles;

/** Uploaded zips: what a bundle never holds is refused before anything is read. */
class BundleZipTest {

    @Test
    void aGoodZipUnpacksWithOrWithoutATopFolder() {
        var flat = BundleZip.unpack(Bundles.zip(Bundles.bundled("logistics")));
        assertEquals(7, flat.files().size());
        Map<String, String> nested = new LinkedHashMap<>();
        Bundles.bundled("logistics").forEach((k, v) -> nested.put("logistics/" + k, v));
        var folder = BundleZip.unpack(Bundles.zip(nested));
        assertEquals("logistics", folder.name());
        assertEquals(7, folder.files().size());
    }

    @Test
    void pathsEscapingTheBundleAreRefused() {
        var p = assertThrows(BundleProblem.class,
                () -> BundleZip.unpack(Bundles.zipBytes(Map.of("../../etc/cron.d/x", "x".getBytes()))));
        assertTrue(p.errors().get(0).message().contains("escapes the bundle"), p.errors().toString());
    }

    @Test
    void unknownFilesAndNotAZipAreRefused() {
        var unknown = assertThrows(BundleProblem.class,
                () -> BundleZip.unpack(Bundles.zipBytes(Map.of("evil.sh", "x".getBytes()))));
        assertTrue(unknown.errors().get(0).message().contains("unexpected file"));
        var garbage = assertThrows(BundleProblem.class,
                () -> BundleZip.unpack("not a zip at all".getBytes(StandardCharsets.UTF_8)));
        assertTrue(garbage.errors().get(0).message().contains("zip"));
        assertThrows(BundleProblem.class, () -> BundleZip.unpack(new byte[0]));
    }

    @Test
    void oversizeBundlesAreRefusedWhileInflating() {
        byte[] huge = new byte[BundleZip.MAX_FILE_BYTES + 1]; // zeros compress to almost nothing: a small zip bomb
        var p = assertThrows(BundleProblem.class, () -> BundleZip.unpack(Bundles.zipBytes(Map.of("records.yaml", huge))));
        assertTrue(p.errors().get(0).message().contains("larger than"), p.errors().toString());
    }
}
