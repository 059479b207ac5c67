package io.modelhouse.followup;

import java.sql.PreparedStatement;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.hibernate.Session;

/**
 * One statement for many rows, as a JDBC batch on the transaction's connection: the signal pass
 * writes thousands of rows at once, and one round trip each is what made it slow. (Hibernate's own
 * batching applies to entities; these are native rows.)
 */
final class Jdbc {

    private Jdbc() {
    }

    static void batch(EntityManager em, String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        ps.setObject(i + 1, row[i]);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }
}
