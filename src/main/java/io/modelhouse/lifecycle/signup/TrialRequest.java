package io.modelhouse.lifecycle.signup;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A request from the public trial form, from the mail sent to verify it to the model house it became. */
@Entity
@Table(name = "trial_request")
public class TrialRequest extends PanacheEntityBase {

    public static final String UNVERIFIED = "unverified";
    public static final String BUILDING = "building";
    public static final String REVIEW = "review";
    public static final String JOIN = "join";
    public static final String PROVISIONED = "provisioned";
    public static final String JOINED = "joined";
    public static final String REFUSED = "refused";

    @Id
    public UUID id;
    public String state;
    public String company;
    public String name;
    public String email;
    @Column(name = "mail_domain")
    public String mailDomain;
    public String phone;
    @Column(name = "template_key")
    public String templateKey;
    @Column(name = "company_size")
    public String companySize;
    public String influence;
    public String locale;
    @Column(name = "client_ip")
    public String clientIp;
    @Column(name = "token_hash")
    public String tokenHash;
    @Column(name = "token_expires_at")
    public Instant tokenExpiresAt;
    @Column(name = "verified_at")
    public Instant verifiedAt;
    public String reason;
    @Column(name = "tenant_id")
    public UUID tenantId;
    public String owner;
    @Column(name = "login_sealed")
    public String loginSealed;
    @Column(name = "login_username")
    public String loginUsername;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "created_at")
    public Instant createdAt;
}
