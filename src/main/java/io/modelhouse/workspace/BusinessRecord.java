package io.modelhouse.workspace;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.TenantId;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A record of a template-declared type (delivery order, vehicle, ...). Tenant data plane. */
@Entity
@Table(name = "business_record")
public class BusinessRecord extends PanacheEntityBase {

    @Id
    public UUID id;
    /** A uuid column; String here because Hibernate binds the tenant filter as the resolver's String. */
    @TenantId
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "record_type")
    public String recordType;
    @Column(name = "ref_no")
    public String refNo;
    public String title;
    public String status;
    @Column(name = "occurs_at")
    public Instant occursAt;
    @Column(name = "member_id")
    public UUID memberId;
    public BigDecimal amount;
    @JdbcTypeCode(SqlTypes.JSON)
    public String data;
    public String origin;
    @Column(name = "created_at")
    public Instant createdAt;
    /** When the prospect changed this row, if they did (a seed row they changed goes into the export). */
    @Column(name = "changed_at")
    public Instant changedAt;
}
