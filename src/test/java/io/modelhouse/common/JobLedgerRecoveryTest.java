package io.modelhouse.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.LocalStackResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A node killed while a job runs: its ledger row is written, its Quartz fired trigger is left
 * behind, and this node's cluster recovery re-fires the firing with the same scheduled time. The
 * re-fire must not run the job again (found by ClusterFailoverIT: "expiry @ … on cluster-victim,
 * cluster-survivor"). The dead node is made in Quartz's own tables, as kill -9 leaves them, so the
 * recovery is Quartz's real one; the job is data-clock, the one schedule that is on in tests.
 */
@QuarkusTest
class JobLedgerRecoveryTest {

    @Test
    void aRecoveredFiringOfAJobThatStartedOnADeadNodeIsSkipped() throws SQLException {
        String dead = "dead-" + UUID.randomUUID().toString().substring(0, 8);
        Instant scheduled = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).plusMillis(7);
        Instant started = Instant.now().minusSeconds(60);
        try (Connection c = LocalStackResource.ownerConnection()) {
            String[] trigger = one(c,
                    "SELECT sched_name, trigger_name, trigger_group, job_name, job_group FROM qrtz_triggers WHERE job_name = ?",
                    "data-clock");
            update(c, "INSERT INTO job_run (job, scheduled_at, instance, ran_at) VALUES (?, ?, ?, ?)", "data-clock",
                    Timestamp.from(scheduled), dead, Timestamp.from(started));
            update(c, "INSERT INTO qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, checkin_interval)"
                    + " VALUES (?, ?, ?, 5000)", trigger[0], dead, started.toEpochMilli());
            update(c, "INSERT INTO qrtz_fired_triggers (sched_name, entry_id, trigger_name, trigger_group, instance_name,"
                    + " fired_time, sched_time, priority, state, job_name, job_group, is_nonconcurrent, requests_recovery)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, 5, 'EXECUTING', ?, ?, true, true)",
                    trigger[0], dead + "-1", trigger[1], trigger[2], dead, started.toEpochMilli(), scheduled.toEpochMilli(),
                    trigger[3], trigger[4]);

            // recovery replaces the dead node's fired trigger by a one-off trigger named after it,
            // which fires at once and is deleted when its run (or skip) is complete
            Awaitility.await("Quartz recovered the dead node's firing and ran the re-fire to completion")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> count(c, "SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = ?", dead) == 0
                            && count(c,
                                    "SELECT count(*) FROM qrtz_fired_triggers WHERE instance_name = ? OR trigger_name LIKE ?",
                                    dead, "recover_" + dead + "%") == 0
                            && count(c, "SELECT count(*) FROM qrtz_triggers WHERE trigger_name LIKE ?",
                                    "recover_" + dead + "%") == 0);

            assertEquals(1, count(c, "SELECT count(*) FROM job_run WHERE job = 'data-clock' AND scheduled_at = ?",
                    Timestamp.from(scheduled)), "the recovered firing ran the job a second time");
            assertEquals(1, count(c, "SELECT refires FROM job_run WHERE job = 'data-clock' AND scheduled_at = ?",
                    Timestamp.from(scheduled)), "the skipped re-fire is counted on the firing's ledger row");
            assertEquals(dead, one(c, "SELECT instance FROM job_run WHERE job = 'data-clock' AND scheduled_at = ?",
                    Timestamp.from(scheduled))[0], "the ledger still names the node that ran the firing");
        }
    }

    @Inject
    JobLedger ledger;

    @Test
    void firingsOlderThanTheRetentionAreDropped() throws SQLException {
        String job = "retention-" + UUID.randomUUID().toString().substring(0, 8);
        Instant old = Instant.now().minus(Duration.ofDays(31));
        Instant recent = Instant.now().minus(Duration.ofDays(29));
        try (Connection c = LocalStackResource.ownerConnection()) {
            for (Instant at : List.of(old, recent)) {
                update(c, "INSERT INTO job_run (job, scheduled_at, instance, ran_at) VALUES (?, ?, 'test', ?)", job,
                        Timestamp.from(at), Timestamp.from(at));
            }
            ledger.prune();
            String sql = "SELECT count(*) FROM job_run WHERE job = ? AND scheduled_at = ?";
            assertEquals(0, count(c, sql, job, Timestamp.from(old)), "a firing older than the retention (P30D) stayed");
            assertEquals(1, count(c, sql, job, Timestamp.from(recent)), "a firing within the retention was dropped");
        }
    }

    private static String[] one(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); var rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new AssertionError("no row for " + sql);
            }
            String[] row = new String[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < row.length; i++) {
                row[i] = rs.getString(i + 1);
            }
            return row;
        }
    }

    private static long count(Connection c, String sql, Object... args) throws SQLException {
        return Long.parseLong(one(c, sql, args)[0]);
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            ps.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }
}
