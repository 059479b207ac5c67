package io.modelhouse.lifecycle.signup;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.modelhouse.common.ModelhouseClock;

/**
 * Rate limits every app node shares: the hits of a bucket are rows in PostgreSQL, counted over the
 * last window. Counting and adding run under a transaction-scoped advisory lock on the bucket, so
 * fifty requests at once on two nodes still let exactly the limit through.
 */
@ApplicationScoped
public class SlidingWindow {

    @Inject
    EntityManager em;
    @Inject
    ModelhouseClock clock;

    /**
     * Takes one hit of {@code bucket} if fewer than {@code limit} were taken within {@code window}.
     *
     * @return 0 when taken, else the seconds until the oldest hit leaves the window
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long take(String bucket, int limit, Duration window) {
        if (limit <= 0) {
            return 0;
        }
        Instant now = clock.now();
        Instant since = now.minus(window);
        // a bounded wait: a flood from one address is told to try again instead of holding connections
        em.createNativeQuery("SET LOCAL lock_timeout = '3s'").executeUpdate();
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(:b, 7))").setParameter("b", bucket)
                .getSingleResult();
        // hits that left the window go now, so the table stays as small as the windows are long
        em.createNativeQuery("DELETE FROM rate_hit WHERE bucket = :b AND at <= :since").setParameter("b", bucket)
                .setParameter("since", since).executeUpdate();
        Object[] seen = (Object[]) em
                .createNativeQuery("SELECT count(*), min(at) FROM rate_hit WHERE bucket = :b AND at > :since")
                .setParameter("b", bucket).setParameter("since", since).getSingleResult();
        if (((Number) seen[0]).intValue() >= limit) {
            Instant oldest = io.modelhouse.common.Dates.instant(seen[1]);
            return Math.max(1, Duration.between(now, oldest.plus(window)).toSeconds() + 1);
        }
        em.createNativeQuery("INSERT INTO rate_hit (bucket, at) VALUES (:b, :at)").setParameter("b", bucket)
                .setParameter("at", now).executeUpdate();
        return 0;
    }

    /** Hits older than {@code cutoff}, which no window counts any more (one-off addresses leave no rows). */
    @Transactional
    public int forgetBefore(Instant cutoff) {
        return em.createNativeQuery("DELETE FROM rate_hit WHERE at < :c").setParameter("c", cutoff).executeUpdate();
    }
}
