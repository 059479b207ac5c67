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
}
