package io.modelhouse.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The name pools and vocabularies of {@code seed-data/} (documented in its README). Read once per
 * import; generation draws from them with a seeded random, so output depends only on the template.
 */
public record SeedData(List<WeightedName> surnames, List<Name> givenNames, Map<String, List<String>> districtsByCity,
        Map<String, List<String>> vocab) {

    /** A bundle's pick of {@code @name} draws from seed-data/vocab/name.txt instead of the bundle's own vocab. */
    public static final String SHARED_PREFIX = "@";

    public record WeightedName(String text, String latin, int weight) {
    }

    public record Name(String text, String latin) {
    }

    public static SeedData load(Path dir) {
        List<WeightedName> surnames = new ArrayList<>();
        for (String[] row : rows(dir.resolve("names/zh-surnames.tsv"), 3)) {
            surnames.add(new WeightedName(row[0], row[1], Integer.parseInt(row[2].trim())));
        }
        List<Name> given = new ArrayList<>();
        for (String[] row : rows(dir.resolve("names/zh-given.tsv"), 2)) {
            given.add(new Name(row[0], row[1]));
        }
        Map<String, List<String>> districts = new LinkedHashMap<>();
        for (String[] row : rows(dir.resolve("places/cities.tsv"), 3)) {
            districts.put(row[0], List.of(row[2].split("\\|")));
        }
        if (surnames.isEmpty() || given.isEmpty()) {
            throw new IllegalStateException("seed-data at " + dir.toAbsolutePath() + " has no name pools");
        }
        return new SeedData(List.copyOf(surnames), List.copyOf(given), districts, vocabLists(dir));
    }

    /** seed-data/vocab/*.txt: one item a line, '#' comments; the list is named after the file. */
    public static Map<String, List<String>> vocabLists(Path dir) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Path vocab = dir.resolve("vocab");
        if (!Files.isDirectory(vocab)) {
            return out;
        }
        try (var files = Files.list(vocab)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                List<String> items = Files.readAllLines(f).stream().map(String::trim)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .toList();
                out.put(f.getFileName().toString().replaceFirst("\\.txt$", ""), items);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + vocab, e);
        }
        return out;
    }

    /** Tab-separated rows after the header line; blank lines and '#' comments skipped. */
    private static List<String[]> rows(Path file, int columns) {
        try {
            List<String> lines = Files.readAllLines(file);
            List<String[]> out = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                if (cols.length < columns) {
                    throw new IllegalStateException(file + " line " + (i + 1) + ": expected " + columns
                            + " tab-separated columns, found " + cols.length);
                }
                out.add(cols);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read seed data " + file, e);
        }
    }
}
