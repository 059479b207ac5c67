package io.modelhouse.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.modelhouse.template.BundleFiles;

/** Template bundles for tests: the bundled ones, edited, as files or zips. */
public final class Bundles {

    public static final List<String> FILES = List.of("template.yaml", "org.yaml", "records.yaml", "workspace.yaml",
            "integrations.yaml", "scenarios.yaml", "knowledge.yaml");

    private Bundles() {
    }

    /** The bundled template's files as text, in a map you may edit. */
    public static Map<String, String> bundled(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : FILES) {
            try {
                out.put(f, Files.readString(Path.of("tenant-templates", key, f)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The bundle under another key, so a test's versions never meet another test's. */
    public static Map<String, String> renamed(String key, String newKey) {
        Map<String, String> files = bundled(key);
        files.put("template.yaml", files.get("template.yaml").replaceFirst("(?m)^key: .*$", "key: " + newKey));
        return files;
    }

    public static BundleFiles files(String name, Map<String, String> texts) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        texts.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return new BundleFiles(name, bytes);
    }

    public static byte[] zip(Map<String, String> texts) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        texts.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return zipBytes(bytes);
    }

    public static byte[] zipBytes(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** 1-based number of the first line containing the marker. */
    public static int lineOf(String text, String marker) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(marker)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("marker not found: " + marker);
    }
}
