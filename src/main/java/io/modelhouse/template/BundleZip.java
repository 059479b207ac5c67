package io.modelhouse.template;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.modelhouse.common.ApiProblem.FieldError;

/**
 * Unpacks an uploaded bundle zip into memory, refusing what a bundle never holds: paths that
 * escape the bundle, unknown files, nested folders, and anything too big (zip bombs included,
 * since sizes are counted while inflating, not taken from the headers).
 */
public final class BundleZip {

    public static final int MAX_ZIP_BYTES = 8 * 1024 * 1024;
    public static final int MAX_FILE_BYTES = 4 * 1024 * 1024;
    public static final int MAX_TOTAL_BYTES = 16 * 1024 * 1024;
    public static final int MAX_ENTRIES = 64;

    private BundleZip() {
    }

    public static BundleFiles unpack(byte[] zip) {
        List<FieldError> errors = new ArrayList<>();
        if (zip == null || zip.length == 0) {
            throw new BundleProblem("upload", List.of(new FieldError(null, null, null,
                    "the upload is empty: send the bundle as a zip of template.yaml, org.yaml, records.yaml, ...")));
        }
        if (zip.length > MAX_ZIP_BYTES) {
            throw new BundleProblem("upload", List.of(new FieldError(null, null, null,
                    "the zip is " + zip.length + " bytes; a bundle may be at most " + MAX_ZIP_BYTES + " bytes")));
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        String folder = null;
        long total = 0;
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (++entries > MAX_ENTRIES) {
                    errors.add(new FieldError(null, null, null, "the zip has more than " + MAX_ENTRIES + " entries"));
                    break;
                }
                String name = e.getName().replace('\\', '/');
                if (name.startsWith("/") || name.contains("../") || name.equals("..") || name.contains(":")) {
                    errors.add(new FieldError(name, null, null, "this path escapes the bundle; zip the bundle's files only"));
                    continue;
                }
                if (e.isDirectory() || name.startsWith("__MACOSX/") || name.endsWith(".DS_Store")) {
                    continue;
                }
                String[] parts = name.split("/");
                String file = parts[parts.length - 1];
                if (parts.length > 2) {
                    errors.add(new FieldError(name, null, null,
                            "nested folders are not part of a bundle; put the files at the top"));
                    continue;
                }
                if (parts.length == 2) {
                    folder = parts[0];
                }
                if (!BundleReader.FILES.contains(file)) {
                    errors.add(new FieldError(name, null, null, "unexpected file; a bundle holds " + BundleReader.FILES));
                    continue;
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                int n;
                long size = 0;
                while ((n = in.read(buf)) > 0) {
                    size += n;
                    total += n;
                    if (size > MAX_FILE_BYTES || total > MAX_TOTAL_BYTES) {
                        break;
                    }
                    out.write(buf, 0, n);
                }
                if (size > MAX_FILE_BYTES) {
                    errors.add(new FieldError(file, null, null, "larger than " + MAX_FILE_BYTES + " bytes unpacked"));
                } else if (total > MAX_TOTAL_BYTES) {
                    errors.add(
                            new FieldError(file, null, null, "the bundle unpacks to more than " + MAX_TOTAL_BYTES + " bytes"));
                    break;
                } else if (files.put(file, out.toByteArray()) != null) {
                    errors.add(new FieldError(name, null, null, "the zip holds " + file + " twice"));
                }
            }
        } catch (IOException | IllegalArgumentException ex) {
            errors.add(new FieldError(null, null, null, "not a readable zip: " + ex.getMessage()));
        }
        if (entries == 0 && errors.isEmpty()) {
            errors.add(new FieldError(null, null, null, "not a zip, or an empty one: send the bundle's files zipped"));
        }
        if (!errors.isEmpty()) {
            throw new BundleProblem(folder == null ? "upload" : folder, errors);
        }
        return new BundleFiles(folder == null ? "upload" : folder, files);
    }
}
