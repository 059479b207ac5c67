package io.modelhouse.common;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one source of "now". Trials are promises with dates on them; tests move this clock through a
 * 30-day trial in seconds instead of waiting.
 */
@ApplicationScoped
public class ModelhouseClock {

    private volatile Clock clock = Clock.systemUTC();

    public Instant now() {
        return clock.instant();
    }

    public LocalDate today(ZoneId zone) {
        return LocalDate.ofInstant(now(), zone);
    }

    /** For tests and fault drills only. */
    public void use(Clock clock) {
        this.clock = clock;
    }
}
