package io.modelhouse.usage;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.modelhouse.common.ClusterLock;
import io.modelhouse.common.JobLedger;
import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.common.ModelhouseConfig;
import io.quarkus.quartz.Nonconcurrent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * The usage tables' upkeep, once across the cluster: day partitions made a week ahead (and the old
 * ones dropped after the retention), and the rollup into usage_daily from its watermark. Both are
 * SQL functions of the owner (V11): the app role owns nothing.
 */
@ApplicationScoped
public class UsageJobs {

    private static final Logger LOG = Logger.getLogger(UsageJobs.class);
    /** A batch that committed this much after the rollup's last start still gets counted. */
    private static final String MARGIN = "2 minutes";

    @Inject
    DataSource dataSource;
    @Inject
    ClusterLock locks;
    @Inject
    ModelhouseClock clock;
    @Inject
    ModelhouseConfig config;

    void atStart(@Observes StartupEvent event) {
        partitions();
    }

    @Nonconcurrent
    @Scheduled(identity = "usage-partitions", skipExecutionIf = JobLedger.class, every = "${modelhouse.usage.partitions-every:6h}", delayed = "${modelhouse.jobs.delay:30s}")
    void scheduledPartitions() {
        partitions();
    }

    @Nonconcurrent
    @Scheduled(identity = "usage-rollup", skipExecutionIf = JobLedger.class, every = "${modelhouse.usage.rollup-every:30s}", delayed = "${modelhouse.jobs.delay:30s}")
    void scheduledRollup() {
        rollup();
    }

    /** Partitions for yesterday and the next week; partitions older than the retention dropped. @return what changed */
    public List<String> partitions() {
        return locks.run("job:usage-partitions", () -> {
            LocalDate today = LocalDate.ofInstant(clock.now(), ZoneOffset.UTC);
            LocalDate keepFrom = LocalDate.ofInstant(clock.now().minus(config.usage().retention()), ZoneOffset.UTC);
            try (var c = dataSource.getConnection();
                    var st = c.prepareStatement("SELECT mh_usage_partitions(?, ?, ?)")) {
                st.setObject(1, today.minusDays(1));
                st.setInt(2, 9);
                st.setObject(3, keepFrom);
                var rs = st.executeQuery();
                rs.next();
                List<String> done = new java.util.ArrayList<>(Arrays.asList((String[]) rs.getArray(1).getArray()));
                try (var prune = c.prepareStatement("SELECT mh_usage_keys_prune(?)")) {
                    // a resend later than this has its time replaced (UsageService.CLIENT_PAST) and is a new event anyway
                    prune.setObject(1,
                            java.time.OffsetDateTime.ofInstant(clock.now().minus(Duration.ofDays(2)), ZoneOffset.UTC));
                    var pr = prune.executeQuery();
                    pr.next();
                    if (pr.getInt(1) > 0) {
                        done.add("-" + pr.getInt(1) + " client event ids");
                    }
                }
                if (!done.isEmpty()) {
                    LOG.infof("Usage partitions: %s", done);
                }
                return done;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("Usage partitions not maintained: " + e.getMessage(), e);
            }
        });
    }

    /** The rollup from its watermark; safe to run again. @return rows written */
    public int rollup() {
        return locks.run("job:usage-rollup", () -> {
            try (var c = dataSource.getConnection(); var st = c.prepareStatement("SELECT mh_usage_rollup(?::interval)")) {
                c.setAutoCommit(false);
                st.setString(1, MARGIN);
                var rs = st.executeQuery();
                rs.next();
                int n = rs.getInt(1);
                c.commit();
                c.setAutoCommit(true);
                return n;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("Usage rollup failed: " + e.getMessage(), e);
            }
        });
    }
}
