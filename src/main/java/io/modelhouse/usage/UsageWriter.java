package io.modelhouse.usage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.modelhouse.common.ModelhouseConfig;
import io.modelhouse.tenant.FaultInjection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Group commit for usage events. Requests hand their events to a bounded in-memory queue; one
 * writer thread takes what has gathered (up to {@code batchMax} events, or what arrived within
 * {@code gather}), commits it with one statement, and only then completes each request's future:
 * a request that answers 202 after its future completed has its events on disk, so a kill -9 loses
 * nothing that was acknowledged. A full queue refuses (the caller answers 429), it never drops. A
 * clean shutdown stops taking events and commits what is queued before the datasource closes.
 */
@ApplicationScoped
public class UsageWriter {

    private static final Logger LOG = Logger.getLogger(UsageWriter.class);

    /** Fired on the writer's thread after a batch committed: the tenants whose events it held (observers must be quick). */
    public record Committed(java.util.Set<java.util.UUID> tenants) {
    }

    /** What one request handed over, and the signal that it is committed. */
    record Submission(List<UsageEvent> events, CompletableFuture<Integer> committed) {
    }

    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper json;
    @Inject
    ModelhouseConfig config;
    @Inject
    MeterRegistry registry;
    @Inject
    FaultInjection faults;
    @Inject
    jakarta.enterprise.event.Event<Committed> committedEvent;

    private final BlockingQueue<Submission> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean accepting;
    private volatile boolean running;
    private Thread writer;

    void start(@Observes StartupEvent event) {
        registry.gauge("modelhouse.usage.queued", queued);
        accepting = true;
        running = true;
        writer = new Thread(this::loop, "usage-writer");
        writer.start();
    }

    void drain(@Observes @Priority(1) ShutdownEvent event) throws InterruptedException {
        accepting = false;
        running = false;
        if (writer != null) {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    /**
     * Hands events to the writer. The future completes (with how many were new) once they are
     * committed, or fails if the commit failed; empty when the queue is full or the app is stopping.
     */
    public Optional<CompletableFuture<Integer>> offer(List<UsageEvent> events) {
        int n = events.size();
        if (!accepting || queued.addAndGet(n) > config.usage().queueCapacity()) {
            if (accepting) {
                queued.addAndGet(-n);
            }
            registry.counter("modelhouse.usage.refused").increment(n);
            return Optional.empty();
        }
        Submission s = new Submission(events, new CompletableFuture<>());
        queue.add(s);
        return Optional.of(s.committed());
    }

    private void loop() {
        List<Submission> batch = new ArrayList<>();
        int max = config.usage().batchMax();
        long gather = config.usage().gather().toNanos();
        while (running || !queue.isEmpty()) {
            try {
                Submission first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int events = first.events().size();
                long deadline = System.nanoTime() + gather;
                while (events < max) {
                    Submission next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    events += next.events().size();
                }
                commit(batch, events);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Submission> batch, int events) {
        List<UsageEvent> all = new ArrayList<>(events);
        batch.forEach(s -> all.addAll(s.events()));
        try {
            faults.point("usage.commit");
        } catch (RuntimeException e) {
            LOG.warnf("A batch of %d usage events was not committed (%s); its requests are told to send again", events,
                    e.getMessage());
            batch.forEach(s -> s.committed().completeExceptionally(e));
            queued.addAndGet(-events);
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT mh_record_usage(?::jsonb)")) {
            st.setString(1, json.writeValueAsString(all));
            var rs = st.executeQuery();
            rs.next();
            registry.counter("modelhouse.usage.committed").increment(rs.getInt(1));
            batch.forEach(s -> s.committed().complete(s.events().size()));
            committedEvent
                    .fire(new Committed(all.stream().map(UsageEvent::tenantId).collect(java.util.stream.Collectors.toSet())));
        } catch (Exception e) {
            LOG.warnf(e, "A batch of %d usage events was not committed; its requests are told to send again", events);
            batch.forEach(s -> s.committed().completeExceptionally(e));
        } finally {
            queued.addAndGet(-events);
        }
    }
}
