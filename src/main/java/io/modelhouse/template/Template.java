package io.modelhouse.template;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A customer type. Its content lives in versions. */
@Entity
@Table(name = "template")
public class Template extends PanacheEntityBase {

    @Id
    public String key;
    @Column(name = "name_zh")
    public String nameZh;
    @Column(name = "name_en")
    public String nameEn;
    @Column(name = "customer_type")
    public String customerType;
    @Column(name = "created_at")
    public Instant createdAt;
    /** Warm-pool size: how many pre-built tenants of the current version to keep ready. */
    @Column(name = "pool_size")
    public int poolSize;
    /** Overrides of the version's defaults; null means "as the template bundle says". */
    @Column(name = "trial_days")
    public Integer trialDays;
    @Column(name = "seat_limit")
    public Integer seatLimit;
    /** {@code auto}: a self-service request is built on verification; {@code review}: pre-sales approve it first. */
    @Column(name = "signup_mode")
    public String signupMode = "auto";
    /** Who owns this template's self-service trials; null: round-robin among pre-sales. */
    @Column(name = "signup_owner")
    public String signupOwner;

    public int trialDaysFor(TemplateVersion v) {
        return trialDays == null ? v.trialDays : trialDays;
    }

    public int seatLimitFor(TemplateVersion v) {
        return seatLimit == null ? v.seatLimit : seatLimit;
    }
}
