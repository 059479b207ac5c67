package io.modelhouse.mail;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A mail Modelhouse wrote. Every mail is kept here first; where a mail server is configured the
 * sender delivers PENDING ones, elsewhere (local runs, demos) they stay KEPT and admins read them
 * on the outbox page, so a demo never needs SMTP.
 */
@Entity
@Table(name = "mail_outbox")
public class OutboxMail extends PanacheEntityBase {

    public enum Status {
        KEPT,
        PENDING,
        SENT,
        FAILED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "tenant_id")
    public UUID tenantId;
    public String kind;
    @Column(name = "to_address")
    public String toAddress;
    @Column(name = "to_name")
    public String toName;
    public String locale;
    public String subject;
    @Column(name = "body_text")
    public String bodyText;
    @Column(name = "body_html")
    public String bodyHtml;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "sent_at")
    public Instant sentAt;
    public String error;
    /** The one-time password this mail carries, sealed; forgotten once the mail is delivered. */
    @Column(name = "secret_sealed")
    public String secretSealed;
    public int attempts;
}
