package io.modelhouse.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Times near today read as people say them (明天 09:30), in the tenant's zone; others as dates. */
@QuarkusTest
class DatesTest {

    @Test
    void nearTodayReadsRelativeFurtherAwayAsADate() {
        Instant now = Instant.parse("2026-12-02T02:00:00Z"); // 10:00 in Shanghai
        var zh = Dates.near("Asia/Shanghai", Locale.SIMPLIFIED_CHINESE, now);
        var en = Dates.near("Asia/Shanghai", Locale.ENGLISH, now);
        assertEquals("今天 09:30", zh.apply(Instant.parse("2026-12-02T01:30:00Z")));
        assertEquals("明天 09:30", zh.apply(Instant.parse("2026-12-03T01:30:00Z")));
        assertEquals("昨天 23:59", zh.apply(Instant.parse("2026-12-01T15:59:00Z")));
        assertEquals("今天 00:00", zh.apply(Instant.parse("2026-12-01T16:00:00Z")), "the day is the tenant's");
        assertEquals("Tomorrow 09:30", en.apply(Instant.parse("2026-12-03T01:30:00Z")));
        assertEquals("12-05 09:30", zh.apply(Instant.parse("2026-12-05T01:30:00Z")));
        assertEquals("2027-01-05 09:30", en.apply(Instant.parse("2027-01-05T01:30:00Z")));
    }
}
