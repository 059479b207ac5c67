package io.modelhouse.lifecycle;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A prospect's request from their model house: more days ({@code extension}) or a call ({@code contact}). */
@Entity
@Table(name = "trial_ask")
public class TrialAsk extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "tenant_id")
    public UUID tenantId;
    @Column(name = "account_id")
    public UUID accountId;
    public String person;
    public String kind;
    public Integer days;
    public String message;
    @Column(name = "created_at")
    public Instant createdAt;
    /** When pre-sales answered it (granted the days, or arranged the call), by whom, and what they said. */
    @Column(name = "answered_at")
    public Instant answeredAt;
    @Column(name = "answered_by")
    public String answeredBy;
    public String answer;
}
