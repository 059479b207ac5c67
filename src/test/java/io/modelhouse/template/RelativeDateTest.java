package io.modelhouse.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RelativeDateTest {

    @Test
    void parsesTheDocumentedForms() {
        assertEquals(new RelativeDate("today", -3, 9 * 60, false), RelativeDate.parse("today-3d"));
        assertEquals(new RelativeDate("today", 2, 14 * 60 + 30, false), RelativeDate.parse("today+2d 14:30"));
        assertEquals(new RelativeDate("now", 0, 120, false), RelativeDate.parse("now+2h"));
        assertEquals(new RelativeDate("now", 0, -30, false), RelativeDate.parse("now-30m"));
        assertEquals(new RelativeDate("month_start", 4, 9 * 60, false), RelativeDate.parse("month_start+4d 09:00"));
        assertEquals(new RelativeDate("week_start", 1, 9 * 60, false), RelativeDate.parse("week_start+1d"));
        assertEquals(new RelativeDate("today", -1, 16 * 60 + 40, false), RelativeDate.parse("today-1d 16:40"));
    }

    @Test
    void explainsWhatIsWrong() {
        var e = assertThrows(IllegalArgumentException.class, () -> RelativeDate.parse("yesterday"));
        assertEquals(true, e.getMessage().contains("today-3d"));
        assertThrows(IllegalArgumentException.class, () -> RelativeDate.parse("today+2d 25:00"));
        assertThrows(IllegalArgumentException.class, () -> RelativeDate.parse("now 10:00"));
        assertThrows(IllegalArgumentException.class, () -> RelativeDate.parse(null));
    }
}
