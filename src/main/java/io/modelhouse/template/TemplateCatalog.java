package io.modelhouse.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelhouse.common.ModelhouseClock;
import io.quarkus.runtime.StartupEvent;

/**
 * Publishes the bundled templates ({@code tenant-templates/}) at start: a bundle whose content is
 * new becomes the next version, is materialised into golden rows once, and is published. Unchanged
 * bundles cost one checksum. Safe on several instances at once: a transaction-scoped advisory lock
 * serialises them.
 */
@ApplicationScoped
public class TemplateCatalog {

    private static final Logger LOG = Logger.getLogger(TemplateCatalog.class);
    private static final long PUBLISH_LOCK = 0x6d68_7470L; // "mhtp"

    @Inject
    BundleReader reader;
    @Inject
    GoldenRowWriter writer;
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;
    @Inject
    ModelhouseClock clock;

    @ConfigProperty(name = "modelhouse.templates.dir")
    Path templatesDir;
    @ConfigProperty(name = "modelhouse.seed-data.dir")
    Path seedDataDir;

    void onStart(@Observes StartupEvent event) {
        if (!Files.isDirectory(templatesDir)) {
            LOG.warnf("No template bundles at %s; set MODELHOUSE_TEMPLATES_DIR", templatesDir.toAbsolutePath());
            return;
        }
        SeedData seed = SeedData.load(seedDataDir);
        try (Stream<Path> dirs = Files.list(templatesDir)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve(BundleReader.TEMPLATE_FILE))).sorted().toList()) {
                try {
                    TemplateVersion v = publishBundled(dir, seed);
                    LOG.infof("Template %s: version %d published", v.templateKey, v.version);
                } catch (BundleProblem p) {
                    // One broken bundle must not keep the others (or the app) down; say exactly what is wrong.
                    LOG.errorf("Template bundle %s was NOT published: %s", dir, p.getMessage());
                    for (var e : p.errors()) {
                        LOG.errorf("  %s%s%s: %s", e.file(), e.line() == null ? "" : ":" + e.line(),
                                e.path() == null ? "" : " (" + e.path() + ")", e.message());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Transactional
    public TemplateVersion publishBundled(Path dir, SeedData seed) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(" + PUBLISH_LOCK + ")").getSingleResult();
        TemplateBundle bundle = reader.read(dir);
        String checksum = checksum(dir);
        String key = bundle.meta().key();
        var existing = TemplateVersion.byChecksum(key, checksum);
        if (existing.isPresent()) {
            return existing.get();
        }
        Template template = Template.findById(key);
        if (template == null) {
            template = new Template();
            template.key = key;
            template.createdAt = clock.now();
        }
        template.nameZh = bundle.meta().name().zh();
        template.nameEn = bundle.meta().name().en();
        template.customerType = bundle.meta().customerType();
        template.persist();

        TemplateVersion v = new TemplateVersion();
        v.templateKey = key;
        v.version = TemplateVersion.ofTemplate(key).stream().mapToInt(x -> x.version).max().orElse(0) + 1;
        v.state = TemplateVersion.State.PUBLISHED;
        v.checksum = checksum;
        v.manifest = toJson(bundle);
        v.timeZone = bundle.meta().timeZone();
        v.trialDays = bundle.meta().defaults().trialDays();
        v.seatLimit = bundle.meta().defaults().seatLimit();
        v.createdAt = clock.now();
        v.publishedAt = v.createdAt;
        v.persist();
        em.flush();
        writer.write(v.id, new GoldenRowGenerator(bundle, seed).generate());
        return v;
    }

    public TemplateBundle manifest(TemplateVersion v) {
        try {
            return json.readValue(v.manifest, TemplateBundle.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored manifest of " + v.templateKey + " v" + v.version + " is unreadable", e);
        }
    }

    private String toJson(TemplateBundle bundle) {
        try {
            return json.writeValueAsString(bundle);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Over the bundle's files and the seed data they draw names from: either changing makes a new version. */
    private String checksum(Path dir) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path root : List.of(dir, seedDataDir)) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        md.update(root.relativize(f).toString().getBytes());
                        md.update(Files.readAllBytes(f));
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
