package io.modelhouse.workspace;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.TenantId;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A department of the prospect's (simulated) company. Tenant data plane. */
@Entity
@Table(name = "org_unit")
public class OrgUnit extends PanacheEntityBase {

    @Id
    public UUID id;
    /** A uuid column; String here because Hibernate binds the tenant filter as the resolver's String. */
    @TenantId
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "parent_id")
    public UUID parentId;
    @Column(name = "unit_key")
    public String unitKey;
    @Column(name = "name_zh")
    public String nameZh;
    @Column(name = "name_en")
    public String nameEn;
    public int depth;
    @Column(name = "sort_order")
    public int sortOrder;
    public String origin;
}
