package io.modelhouse.template;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One immutable version of a template once published; its golden rows are what tenants copy. */
@Entity
@Table(name = "template_version")
public class TemplateVersion extends PanacheEntityBase {

    public enum State {
        DRAFT,
        PUBLISHED,
        RETIRED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "template_key")
    public String templateKey;
    public int version;
    @Enumerated(EnumType.STRING)
    public State state;
    public String checksum;
    /** The parsed bundle as JSON (a {@link TemplateBundle}). */
    @JdbcTypeCode(SqlTypes.JSON)
    public String manifest;
    @Column(name = "time_zone")
    public String timeZone;
    @Column(name = "trial_days")
    public int trialDays;
    @Column(name = "seat_limit")
    public int seatLimit;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "published_at")
    public Instant publishedAt;
    @Column(name = "retired_at")
    public Instant retiredAt;
    @Column(name = "created_by")
    public String createdBy;
    /** The bundle's files as imported (name → text), so a version can always be shown and re-read. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> files;

    public static Optional<TemplateVersion> of(String templateKey, int version) {
        return find("templateKey = ?1 and version = ?2", templateKey, version).firstResultOptional();
    }

    /** The version new tenants of this template are built from: the newest published one. */
    public static Optional<TemplateVersion> current(String templateKey) {
        return find("templateKey = ?1 and state = ?2 order by version desc", templateKey, State.PUBLISHED)
                .firstResultOptional();
    }

    public static List<TemplateVersion> ofTemplate(String templateKey) {
        return list("templateKey = ?1 order by version desc", templateKey);
    }

    public static Optional<TemplateVersion> byChecksum(String templateKey, String checksum) {
        return find("templateKey = ?1 and checksum = ?2", templateKey, checksum).firstResultOptional();
    }
}
