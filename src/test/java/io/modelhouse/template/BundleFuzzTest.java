package io.modelhouse.template;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.Bundles;

/**
 * Random corruption of the bundled templates (bytes flipped, lines deleted, duplicated or
 * swapped): the reader either accepts the result or refuses it with located errors, and never
 * fails any other way. Seeded, so a failure can be replayed.
 */
class BundleFuzzTest {

    private static final long SEED = Long.getLong("modelhouse.fuzz.seed", 20261123L);
    private final BundleReader reader = new BundleReader(Path.of("seed-data"));

    @Test
    void corruptedBundlesAreRefusedCleanlyNeverCrash() {
        Random rnd = new Random(SEED);
        List<String> templates = List.of("logistics", "government", "agri-market", "manufacturing");
        int refused = 0;
        for (int i = 0; i < 400; i++) {
            String key = templates.get(rnd.nextInt(templates.size()));
            Map<String, byte[]> files = new LinkedHashMap<>(Bundles.files(key, Bundles.bundled(key)).files());
            String file = Bundles.FILES.get(rnd.nextInt(Bundles.FILES.size()));
            files.put(file, corrupt(files.get(file), rnd));
            try {
                reader.read(new BundleFiles(key, files));
            } catch (BundleProblem p) {
                refused++;
                assertTrue(!p.errors().isEmpty(), "a refusal lists its errors");
                p.errors()
                        .forEach(e -> assertTrue(e.message() != null && !e.message().isBlank(), "every error says something"));
            } catch (RuntimeException e) {
                fail("iteration " + i + " (seed " + SEED + ", " + key + "/" + file + ") crashed the reader: " + e, e);
            }
        }
        assertTrue(refused > 100, "the fuzzer breaks most bundles; refused " + refused);
    }

    static byte[] corrupt(byte[] original, Random rnd) {
        switch (rnd.nextInt(4)) {
            case 0 -> {
                byte[] b = original.clone();
                for (int k = 0, n = 1 + rnd.nextInt(4); k < n; k++) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
                return b;
            }
            default -> {
                List<String> lines = new ArrayList<>(List.of(new String(original, StandardCharsets.UTF_8).split("\n", -1)));
                int at = rnd.nextInt(lines.size());
                switch (rnd.nextInt(3)) {
                    case 0 -> lines.remove(at);
                    case 1 -> lines.add(at, lines.get(rnd.nextInt(lines.size())));
                    default -> {
                        int other = rnd.nextInt(lines.size());
                        String tmp = lines.get(at);
                        lines.set(at, lines.get(other));
                        lines.set(other, tmp);
                    }
                }
                return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
            }
        }
    }
}
