package io.modelhouse.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A bundle's files by name (e.g. {@code org.yaml}), whether they came from a folder or an uploaded zip. */
public record BundleFiles(String name, Map<String, byte[]> files) {

    public static BundleFiles fromDirectory(Path dir) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String f : BundleReader.FILES) {
            Path p = dir.resolve(f);
            if (Files.isRegularFile(p)) {
                try {
                    files.put(f, Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + p, e);
                }
            }
        }
        return new BundleFiles(dir.getFileName().toString(), files);
    }
}
