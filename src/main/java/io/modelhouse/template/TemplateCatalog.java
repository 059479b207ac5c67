package io.modelhouse.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.modelhouse.common.ModelhouseConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Publishes the bundled templates ({@code tenant-templates/}) at start: a bundle whose files are
 * new becomes the next version and is published; an unchanged one costs a checksum. One broken
 * bundle is reported (file, line, what to do) and skipped; the others and the app still start.
 */
@ApplicationScoped
public class TemplateCatalog {

    private static final Logger LOG = Logger.getLogger(TemplateCatalog.class);
    private static final String ACTOR = "system:bundled-templates";

    @Inject
    TemplateService templates;

    @Inject
    ModelhouseConfig config;

    void onStart(@Observes StartupEvent event) {
        Path templatesDir = config.templates().dir();
        if (!Files.isDirectory(templatesDir)) {
            LOG.warnf("No template bundles at %s; set MODELHOUSE_TEMPLATES_DIR", templatesDir.toAbsolutePath());
            return;
        }
        try (Stream<Path> dirs = Files.list(templatesDir)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve(BundleReader.TEMPLATE_FILE))).sorted().toList()) {
                publishBundled(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void publishBundled(Path dir) {
        try {
            TemplateVersion draft = templates.importDraft(BundleFiles.fromDirectory(dir), ACTOR);
            if (draft.state == TemplateVersion.State.DRAFT) {
                TemplateVersion v = templates.publish(draft.templateKey, draft.version, ACTOR);
                LOG.infof("Template %s: version %d published", v.templateKey, v.version);
            }
        } catch (BundleProblem p) {
            LOG.errorf("Template bundle %s was NOT published: %s", dir, p.getMessage());
            for (var e : p.errors()) {
                LOG.errorf("  %s%s%s: %s", e.file(), e.line() == null ? "" : ":" + e.line(),
                        e.path() == null ? "" : " (" + e.path() + ")", e.message());
            }
        }
    }
}
