package io.modelhouse.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * A lock across every node of the cluster: a PostgreSQL session-level advisory lock, held on a
 * connection of its own for as long as the work runs. For work that must not run twice at once
 * anywhere: a scheduled job (the JVM-local SKIP of the scheduler guards one node only) and the same
 * job started by an operator, two creates with one Idempotency-Key, the last seat of a tenant. The
 * lock goes with the connection if the node dies, so a crash never leaves it taken.
 */
@ApplicationScoped
public class ClusterLock {

    @Inject
    DataSource dataSource;

    /** Runs the work once the lock is free (waiting for whoever holds it). */
    @Transactional(Transactional.TxType.NOT_SUPPORTED) // the lock's connection must not join the caller's transaction
    public <T> T run(String name, Supplier<T> work) {
        return hold(name, true, work).orElseThrow();
    }

    /** Runs the work only if nobody holds the lock now; empty if somebody does. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public <T> Optional<T> tryRun(String name, Supplier<T> work) {
        return hold(name, false, work);
    }

    private <T> Optional<T> hold(String name, boolean wait, Supplier<T> work) {
        try (Connection c = dataSource.getConnection()) {
            if (!lock(c, name, wait)) {
                return Optional.empty();
            }
            try {
                return Optional.of(work.get());
            } finally {
                try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
                    st.setString(1, name);
                    st.execute();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot take the cluster lock '" + name + "': " + e.getMessage(), e);
        }
    }

    private static boolean lock(Connection c, String name, boolean wait) throws SQLException {
        if (wait) {
            try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_lock(hashtextextended(?, 0))")) {
                st.setString(1, name);
                st.execute(); // returns once the lock is ours
                return true;
            }
        }
        try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
            st.setString(1, name);
            var rs = st.executeQuery();
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
