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

/**
 * Something of the prospect's workspace: a channel and its messages, an announcement, an approval
 * flow and its requests, a task, an integration and its sync log. Tenant data plane.
 */
@Entity
@Table(name = "workspace_item")
public class WorkspaceItem extends PanacheEntityBase {

    @Id
    public UUID id;
    /** A uuid column; String here because Hibernate binds the tenant filter as the resolver's String. */
    @TenantId
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "parent_id")
    public UUID parentId;
    public String kind;
    @Column(name = "item_key")
    public String itemKey;
    public String title;
    public String body;
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
