package io.modelhouse.template;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.modelhouse.common.ApiProblem;
import io.modelhouse.common.Audit;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.ModelhouseConfig;

/**
 * Templates and their versions: import makes a draft (nothing else), publish freezes it and
 * materialises its golden rows once, retire hides it from new tenants (existing tenants keep
 * theirs). A refused bundle stores nothing: validation runs before the first write.
 */
@ApplicationScoped
@Transactional
public class TemplateService {

    /** Serialises imports and publishes across instances (transaction-scoped advisory lock). */
    private static final long TEMPLATE_LOCK = 0x6d68_7470L;

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

    @Inject
    Audit audit;
    @Inject
    ModelhouseConfig config;

    private volatile SeedData seedData;
    private final Map<Long, TemplateBundle> bundles = new ConcurrentHashMap<>();

    /** A template with its current published version: what new tenants are built from. */
    public record Published(Template template, TemplateVersion version, TemplateBundle bundle) {
        public int seatLimit() {
            return template.seatLimitFor(version);
        }

        public int trialDays() {
            return template.trialDaysFor(version);
        }
    }

    /** The current published version of a template, if it has one. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Published> published(String key) {
        return TemplateVersion.current(key).map(v -> new Published(Template.findById(key), v, bundleOf(v.id)));
    }

    /**
     * The current version of every template that has one (key → version id), in one small read:
     * pages that list templates need no version entity (whose files are large JSON) to get at the
     * cached bundle.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Long> currentVersionIds() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = TemplateVersion.getEntityManager().createNativeQuery("SELECT DISTINCT ON (template_key)"
                + " template_key, id FROM template_version WHERE state = 'PUBLISHED' ORDER BY template_key, version DESC")
                .getResultList();
        Map<String, Long> ids = new java.util.LinkedHashMap<>();
        rows.forEach(r -> ids.put((String) r[0], ((Number) r[1]).longValue()));
        return ids;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Template> find(String key) {
        return Optional.ofNullable(Template.findById(key));
    }

    /** A template's versions, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TemplateVersion> versions(String key) {
        return TemplateVersion.ofTemplate(key);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<TemplateVersion> current(String key) {
        return TemplateVersion.current(key);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Template> all() {
        return Template.list("order by key");
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public TemplateBundle validate(BundleFiles files) {
        return reader.read(files);
    }

    /** @return the new draft, or the existing version with exactly these files */
    public TemplateVersion importDraft(BundleFiles files, String actor) {
        TemplateBundle bundle = reader.read(files);
        lock();
        String key = bundle.meta().key();
        String checksum = checksum(files);
        Optional<TemplateVersion> same = TemplateVersion.byChecksum(key, checksum);
        if (same.isPresent()) {
            return same.get();
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
        v.state = TemplateVersion.State.DRAFT;
        v.checksum = checksum;
        v.manifest = toJson(bundle);
        v.files = texts(files);
        v.timeZone = bundle.meta().timeZone();
        v.trialDays = bundle.meta().defaults().trialDays();
        v.seatLimit = bundle.meta().defaults().seatLimit();
        v.createdAt = clock.now();
        v.createdBy = actor;
        v.persist();
        audit.record(actor, "template.import", null, Map.of("template", key, "version", v.version));
        return v;
    }

    public TemplateVersion publish(String key, int version, String actor) {
        lock();
        TemplateVersion v = TemplateVersion.of(key, version)
                .orElseThrow(() -> ApiProblem.notFound("Version " + version + " of template '" + key + "'"));
        switch (v.state) {
            case PUBLISHED:
                return v; // publishing twice changes nothing
            case RETIRED:
                throw ApiProblem.conflict(
                        "Version " + version + " of '" + key + "' is retired; import the bundle again for a new version");
            default:
                break;
        }
        TemplateBundle bundle = manifest(v);
        writer.write(v.id, new GoldenRowGenerator(bundle, seedData()).generate());
        v.state = TemplateVersion.State.PUBLISHED;
        v.publishedAt = clock.now();
        audit.record(actor, "template.publish", null, Map.of("template", key, "version", version));
        return v;
    }

    public TemplateVersion retire(String key, int version, String actor) {
        TemplateVersion v = TemplateVersion.of(key, version)
                .orElseThrow(() -> ApiProblem.notFound("Version " + version + " of template '" + key + "'"));
        if (v.state == TemplateVersion.State.DRAFT) {
            throw ApiProblem.conflict("Version " + version + " of '" + key + "' is a draft; publish it or leave it");
        }
        if (v.state == TemplateVersion.State.PUBLISHED) {
            v.state = TemplateVersion.State.RETIRED;
            v.retiredAt = clock.now();
            audit.record(actor, "template.retire", null, Map.of("template", key, "version", version));
        }
        return v;
    }

    public Template settings(String key, @Valid TemplateSettings settings, String actor) {
        Template t = Template.findById(key);
        if (t == null) {
            throw ApiProblem.notFound("Template '" + key + "'");
        }
        Integer poolSize = settings.poolSize();
        Integer trialDays = settings.trialDays();
        Integer seatLimit = settings.seatLimit();
        if (poolSize != null) {
            t.poolSize = poolSize;
        }
        if (trialDays != null) {
            t.trialDays = trialDays;
        }
        if (seatLimit != null) {
            t.seatLimit = seatLimit;
        }
        if (settings.signupMode() != null) {
            t.signupMode = settings.signupMode();
        }
        if (settings.signupOwner() != null) {
            t.signupOwner = settings.signupOwner().isBlank() ? null : settings.signupOwner().trim();
        }
        Map<String, Object> detail = new LinkedHashMap<>(); // nulls allowed: null means the version's default
        detail.put("template", key);
        detail.put("poolSize", t.poolSize);
        detail.put("trialDays", t.trialDays);
        detail.put("seatLimit", t.seatLimit);
        detail.put("signupMode", t.signupMode);
        detail.put("signupOwner", t.signupOwner);
        audit.record(actor, "template.settings", null, detail);
        return t;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public TemplateBundle manifest(TemplateVersion v) {
        try {
            return json.readValue(v.manifest, TemplateBundle.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored manifest of " + v.templateKey + " v" + v.version + " is unreadable", e);
        }
    }

    /**
     * The bundle a tenant was built from. A version's files never change once stored, so the parsed
     * bundle is kept per version id: pages and mails read it on every request.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public TemplateBundle bundleOf(long versionId) {
        TemplateBundle cached = bundles.get(versionId);
        if (cached != null) {
            return cached;
        }
        TemplateVersion v = TemplateVersion.findById(versionId);
        if (v == null) {
            throw new IllegalStateException("template version " + versionId + " does not exist");
        }
        TemplateBundle b = manifest(v);
        bundles.put(versionId, b);
        return b;
    }

    /**
     * Relative dates resolved for today in the given zone by the database's own rule
     * ({@code mh_resolve_date}, the one the clone uses), so a preview shows exactly what a new tenant
     * would get. One statement for all of them.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<RelativeDate, Instant> resolveDates(Collection<RelativeDate> dates, String zone, Instant now) {
        List<RelativeDate> list = new ArrayList<>(new LinkedHashSet<>(dates));
        Map<RelativeDate, Instant> out = new HashMap<>();
        if (list.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em
                .createNativeQuery(
                        """
                                SELECT d.i, mh_resolve_date(d.a, d.d, d.m, d.w, (:now AT TIME ZONE :tz)::date, :now, :tz)
                                FROM unnest(cast(:anchors AS text[]), cast(:days AS int[]), cast(:minutes AS int[]), cast(:workdays AS boolean[]))
                                     WITH ORDINALITY AS d(a, d, m, w, i)""")
                .setParameter("anchors", list.stream().map(RelativeDate::anchor).toArray(String[]::new))
                .setParameter("days", list.stream().map(RelativeDate::days).toArray(Integer[]::new))
                .setParameter("minutes", list.stream().map(RelativeDate::minutes).toArray(Integer[]::new))
                .setParameter("workdays", list.stream().map(RelativeDate::workday).toArray(Boolean[]::new))
                .setParameter("now", now).setParameter("tz", zone)
                .getResultList();
        for (Object[] r : rows) {
            out.put(list.get(((Number) r[0]).intValue() - 1), toInstant(r[1]));
        }
        return out;
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }

    /** The name pools generation draws from; read once. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public SeedData seed() {
        return seedData();
    }

    SeedData seedData() {
        if (seedData == null) {
            seedData = SeedData.load(config.seedData().dir());
        }
        return seedData;
    }

    private void lock() {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(" + TEMPLATE_LOCK + ")").getSingleResult();
    }

    private String toJson(TemplateBundle bundle) {
        try {
            return json.writeValueAsString(bundle);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> texts(BundleFiles files) {
        Map<String, String> out = new LinkedHashMap<>();
        files.files().forEach((name, bytes) -> out.put(name, new String(bytes, StandardCharsets.UTF_8)));
        return out;
    }

    /** Over the bundle's files: the same files make the same version. */
    static String checksum(BundleFiles files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String name : new TreeSet<>(files.files().keySet())) {
                md.update(name.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(files.files().get(name));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
