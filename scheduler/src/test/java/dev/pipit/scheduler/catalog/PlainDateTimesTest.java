package dev.pipit.scheduler.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class PlainDateTimesTest {
    @Test
    void readsEveryPlainFormAsJavaTimeDoes() {
        for (String text : new String[] {"2026-11-23 13:45", "2026-11-23T13:45", "2026-11-23 13:45:07",
            "2026-11-23 13:45:07.1", "2026-11-23 13:45:07.123", "2026-11-23T13:45:07.123456789", "0001-01-01 00:00:00"}) {
            assertThat(PlainDateTimes.parse(text)).as(text).isEqualTo(LocalDateTime.parse(text.replace(' ', 'T')));
        }
    }

    @Test
    void leavesEveryOtherFormToTheGeneralPath() {
        for (String text : new String[] {"2026-11-23", "2026-11-23 13:45:07Z", "2026-11-23 13:45:07+02:00",
            " 2026-11-23 13:45:07", "2026-11-23 13:45:07.", "2026-11-23 13:45:7", "2026/11/23 13:45:07",
            "2026-11-23 13:45:07.1234567890", "1732369507", "२०२६-11-23 13:45"}) {
            assertThat(PlainDateTimes.parse(text)).as(text).isNull();
        }
    }

    @Test
    void rejectsFieldsOutOfRange() {
        assertThatThrownBy(() -> PlainDateTimes.parse("2026-13-01 00:00")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> PlainDateTimes.parse("2026-02-30 00:00")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> PlainDateTimes.parse("2026-01-01 24:00")).isInstanceOf(DateTimeException.class);
    }
}
