package io.modelhouse.lifecycle.signup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The free-mail and disposable-mail lists of seed-data/mail-domains (documented in its README): a
 * domain matches itself and its subdomains.
 */
public final class MailDomains {

    private final Set<String> free;
    private final Set<String> disposable;

    public MailDomains(Set<String> free, Set<String> disposable) {
        this.free = Set.copyOf(free);
        this.disposable = Set.copyOf(disposable);
    }

    public static MailDomains load(Path seedData) {
        return new MailDomains(read(seedData.resolve("mail-domains/free.txt")),
                read(seedData.resolve("mail-domains/disposable.txt")));
    }

    /** The domain of a mail address, lowercased; empty when there is none. */
    public static String domainOf(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        return at < 0 ? "" : email.substring(at + 1).trim().toLowerCase(Locale.ROOT);
    }

    public boolean free(String domain) {
        return matches(free, domain);
    }

    public boolean disposable(String domain) {
        return matches(disposable, domain);
    }

    private static boolean matches(Set<String> list, String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        while (true) {
            if (list.contains(d)) {
                return true;
            }
            int dot = d.indexOf('.');
            if (dot < 0) {
                return false;
            }
            d = d.substring(dot + 1);
        }
    }

    private static Set<String> read(Path file) {
        Set<String> out = new HashSet<>();
        try {
            int line = 0;
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                line++;
                String d = l.strip().toLowerCase(Locale.ROOT);
                if (d.isEmpty() || d.startsWith("#")) {
                    continue;
                }
                if (!d.matches("[a-z0-9.-]+\\.[a-z0-9-]+")) {
                    throw new IllegalStateException(file + " line " + line + ": '" + l.strip()
                            + "' is not a mail domain; write one domain a line, e.g. example.com");
                }
                out.add(d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " (modelhouse.seed-data.dir)", e);
        }
        return out;
    }
}
