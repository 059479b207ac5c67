package io.modelhouse.template;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

/** Writes a version's golden rows with JDBC batches: once per publish, in the publishing transaction. */
@ApplicationScoped
public class GoldenRowWriter {

    @Inject
    EntityManager em;

    public void write(long versionId, GoldenRows rows) {
        em.unwrap(Session.class).doWork(c -> {
            writeUnits(c, versionId, rows);
            writeMembers(c, versionId, rows);
            writeRecords(c, versionId, rows);
            writeItems(c, versionId, rows);
        });
    }

    private static void writeUnits(Connection c, long v, GoldenRows rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                """
                        INSERT INTO golden_org_unit (version_id, local_id, parent_local_id, unit_key, name_zh, name_en, depth, sort_order)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (var u : rows.units()) {
                ps.setLong(1, v);
                ps.setInt(2, u.localId());
                ps.setObject(3, u.parentLocalId(), Types.INTEGER);
                ps.setString(4, u.key());
                ps.setString(5, u.nameZh());
                ps.setString(6, u.nameEn());
                ps.setInt(7, u.depth());
                ps.setInt(8, u.sortOrder());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeMembers(Connection c, long v, GoldenRows rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO golden_member (version_id, local_id, unit_local_id, name, name_latin, title_zh, title_en,
                                           role_key, email_local, phone, sort_order)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (var m : rows.members()) {
                ps.setLong(1, v);
                ps.setInt(2, m.localId());
                ps.setInt(3, m.unitLocalId());
                ps.setString(4, m.name());
                ps.setString(5, m.nameLatin());
                ps.setString(6, m.titleZh());
                ps.setString(7, m.titleEn());
                ps.setString(8, m.roleKey());
                ps.setString(9, m.emailLocal());
                ps.setString(10, m.phone());
                ps.setInt(11, m.sortOrder());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeRecords(Connection c, long v, GoldenRows rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO golden_record (version_id, local_id, record_type, ref_no, title, status, at_anchor, at_days,
                                           at_minutes, at_workday, member_local_id, amount, data, date_fields)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""")) {
            int n = 0;
            for (var r : rows.records()) {
                ps.setLong(1, v);
                ps.setInt(2, r.localId());
                ps.setString(3, r.type());
                ps.setString(4, r.refNo());
                ps.setString(5, r.title());
                ps.setString(6, r.status());
                ps.setString(7, r.at().anchor());
                ps.setInt(8, r.at().days());
                ps.setInt(9, r.at().minutes());
                ps.setBoolean(10, r.at().workday());
                ps.setObject(11, r.memberLocalId(), Types.INTEGER);
                ps.setBigDecimal(12, r.amount());
                ps.setString(13, r.dataJson());
                ps.setArray(14, r.dateFields() == null ? null : c.createArrayOf("text", r.dateFields().toArray()));
                ps.addBatch();
                if (++n % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static void writeItems(Connection c, long v, GoldenRows rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO golden_item (version_id, local_id, parent_local_id, kind, item_key, title, body, status, at_anchor,
                                         at_days, at_minutes, at_workday, member_local_id, amount, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")) {
            for (var r : rows.items()) {
                ps.setLong(1, v);
                ps.setInt(2, r.localId());
                ps.setObject(3, r.parentLocalId(), Types.INTEGER);
                ps.setString(4, r.kind());
                ps.setString(5, r.key());
                ps.setString(6, r.title());
                ps.setString(7, r.body());
                ps.setString(8, r.status());
                ps.setString(9, r.at().anchor());
                ps.setInt(10, r.at().days());
                ps.setInt(11, r.at().minutes());
                ps.setBoolean(12, r.at().workday());
                ps.setObject(13, r.memberLocalId(), Types.INTEGER);
                ps.setBigDecimal(14, r.amount());
                ps.setString(15, r.dataJson());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
