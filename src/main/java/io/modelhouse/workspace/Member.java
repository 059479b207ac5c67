package io.modelhouse.workspace;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.TenantId;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A person in the prospect's org chart: generated from the template, or one of the prospect's own contacts. */
@Entity
@Table(name = "member")
public class Member extends PanacheEntityBase {

    @Id
    public UUID id;
    /** A uuid column; String here because Hibernate binds the tenant filter as the resolver's String. */
    @TenantId
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "org_unit_id")
    public UUID orgUnitId;
    public String name;
    @Column(name = "name_latin")
    public String nameLatin;
    @Column(name = "title_zh")
    public String titleZh;
    @Column(name = "title_en")
    public String titleEn;
    @Column(name = "role_key")
    public String roleKey;
    public String email;
    public String phone;
    @Column(name = "sort_order")
    public int sortOrder;
    public String origin;
}
