package io.modelhouse.tenant;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A model house in the control plane: who it is for, which template it came from, where it is in its life. */
@Entity
@Table(name = "tenant")
@jakarta.persistence.EntityListeners(TenantDecisions.Listener.class)
public class Tenant extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "template_key")
    public String templateKey;
    @Column(name = "template_version")
    public int templateVersion;
    @Column(name = "template_version_id")
    public long templateVersionId;

    public String company;

    @Enumerated(EnumType.STRING)
    public TenantState state;
    public String failure;

    @Column(name = "owner_email")
    public String ownerEmail;
    /** The deal's sales stage as pre-sales set it; null: it follows from the signals (FollowUps.derivedStage). */
    @Column(name = "sales_stage")
    public String salesStage;
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    @Column(name = "request_hash")
    public String requestHash;
    @Column(name = "time_zone")
    public String timeZone;
    @Column(name = "seat_limit")
    public int seatLimit;
    @Column(name = "from_pool")
    public boolean fromPool;

    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "ready_at")
    public Instant readyAt;
    @Column(name = "activated_at")
    public Instant activatedAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "provisioning_millis")
    public Long provisioningMillis;
    @Column(name = "keycloak_org_id")
    public String keycloakOrgId;

    /** The last provisioning step this tenant finished (see ProvisioningStep); the reconciler reads it. */
    @Column(name = "provisioning_step")
    public String provisioningStep;
    @Column(name = "step_at")
    public Instant stepAt;
    /** The day the tenant's relative dates were resolved against. */
    @Column(name = "clock_anchor")
    public LocalDate clockAnchor;
    @Column(name = "purged_at")
    public Instant purgedAt;
    /** Until when an expired trial's people may still log in to read (the open house); null: none. */
    @Column(name = "open_house_until")
    public Instant openHouseUntil;
    @Column(name = "converted_at")
    public Instant convertedAt;
    @Column(name = "moved_in_at")
    public Instant movedInAt;
    @Column(name = "logo_url")
    public String logoUrl;
    /** The prospect's brand colour, #rrggbb; null: the product's own. */
    @Column(name = "brand_color")
    public String brandColor;

    @Version
    public long version;

    /** Whether the trial is over but its people may still log in to read, at {@code now}. */
    public boolean openHouse(Instant now) {
        return state == TenantState.EXPIRED && openHouseUntil != null && now.isBefore(openHouseUntil);
    }

    public static Optional<Tenant> byIdempotencyKey(String key) {
        return find("idempotencyKey", key).firstResultOptional();
    }
}
