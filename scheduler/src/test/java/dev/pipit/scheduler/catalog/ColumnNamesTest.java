package dev.pipit.scheduler.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnNamesTest {
    @Test
    void keepsValidNamesAsTheyAre() {
        assertThat(ColumnNames.forField("visitor_id", List.of())).isEqualTo("visitor_id");
    }

    @Test
    void replacesWhatSqlCannotHoldUnquotedAndAvoidsALeadingDigit() {
        assertThat(ColumnNames.forField("user id", List.of())).isEqualTo("user_id");
        assertThat(ColumnNames.forField("caf\u00e9-au-lait", List.of())).isEqualTo("caf__au_lait");
        assertThat(ColumnNames.forField("2fa", List.of())).isEqualTo("_2fa");
        assertThat(ColumnNames.forField("", List.of())).isEqualTo("_");
    }

    @Test
    void numbersANameThatIsTakenIgnoringCase() {
        assertThat(ColumnNames.forField("user-id", List.of("USER_ID", "user_id_2"))).isEqualTo("user_id_3");
    }

    @Test
    void namesPositionalColumnsAsTinybirdDoes() {
        assertThat(ColumnNames.positional(0)).isEqualTo("column_00");
        assertThat(ColumnNames.positional(12)).isEqualTo("column_12");
    }
}
