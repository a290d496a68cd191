package dev.pipit.scheduler.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileTemplateTest {
    private static final Map<String, Object> ROW = Map.of(
            "customer_id", 42L,
            "created_at", Timestamp.valueOf(LocalDateTime.of(2026, 3, 7, 9, 5, 2)),
            "day", java.sql.Date.valueOf(LocalDate.of(2026, 12, 31)),
            "path", "a/b");

    @Test
    void columnsAndFormattedTimesMakeTheName() {
        FileTemplate template = FileTemplate.parse("{customer_id}/orders_{created_at, '%Y%m%d'}_{created_at, "
                + "'%H%i%S'}_{created_at, '%y-%m-%d 100%%'}_{ day , '%Y/%m/%d %H' }");

        assertThat(template.columns()).containsExactly("customer_id", "created_at", "day");
        assertThat(template.render(ROW::get)).isEqualTo("42/orders_20260307_090502_26-03-07 100%_2026_12_31 00");
    }

    @Test
    void aValueCannotLeaveItsFolder() {
        assertThat(FileTemplate.parse("x_{path}").render(ROW::get)).isEqualTo("x_a_b");
    }

    @Test
    void unsupportedSpecifiersAndStrayBracesAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> FileTemplate.parse("{created_at, '%Q'}"))
                .withMessageContaining("%Q is not supported");
        assertThatIllegalArgumentException().isThrownBy(() -> FileTemplate.parse("data_{1bad}"))
                .withMessageContaining("write placeholders as {column}");
    }

    @Test
    void aFormattedColumnMustHoldATime() {
        assertThatIllegalArgumentException().isThrownBy(() -> FileTemplate.parse("{customer_id, '%Y'}")
                .render(ROW::get)).withMessageContaining("formats column customer_id, which holds no date or time");
    }
}
