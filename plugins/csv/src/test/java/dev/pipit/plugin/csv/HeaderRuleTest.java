package dev.pipit.plugin.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderRuleTest {
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '!', nullValues = "NONE", value = {
        // description                ! first row                     ! second row                          ! columns       ! header
        "numbers below names          ! id|name|amount                ! 1|ann|2.50                          !               ! true",
        "dates below names            ! day|city                      ! 2024-05-01|Paris                    !               ! true",
        "times below names            ! at|city                       ! 10:15|Paris                         !               ! true",
        "US dates below names         ! day|city                      ! 5/1/2024|Paris                      !               ! true",
        "booleans below names         ! active|city                   ! TRUE|Paris                          !               ! true",
        "an empty value below a name  ! name|nickname                 ! ann|                                !               ! true",
        "a \\N below a name           ! name|nickname                 ! ann|\\N                              !               ! true",
        "names with spaces, trimmed   ! ' First Name | Amount (EUR) ' ! ann|-3e5                            !               ! true",
        "underscore and unicode names ! _id|ciudad_año                ! 7|Sevilla                           !               ! true",
        "all text, names unknown      ! country|city                  ! Spain|Madrid                        !               ! false",
        "all text, names known        ! Country|city                  ! Spain|Madrid                        ! country,city  ! true",
        "names known, a foreign name  ! country|town                  ! Spain|Madrid                        ! country,city  ! false",
        "one row, names unknown       ! id|name                       ! NONE                                !               ! false",
        "one row, names known         ! id|name                       ! NONE                                ! id,name,extra ! true",
        "first row is data            ! 1|ann|2.50                    ! 2|bob|3                             !               ! false",
        "a date in the first row      ! 2024-05-01|Paris              ! 2024-05-02|Lyon                     !               ! false",
        "years as names               ! country|2023|2024             ! Spain|1|2                           !               ! false",
        "duplicate names              ! yes|Yes                       ! 1|2                                 !               ! false",
        "an empty name                ! id|                           ! 1|2                                 !               ! false",
        "a boolean name               ! true|name                     ! 1|ann                               !               ! false",
        "a name starting with a digit ! 3d|name                       ! 1|ann                               !               ! false",
        "a shorter second row         ! id|name|amount                ! 1                                   !               ! true",
    })
    void decidesWhetherTheFirstRowIsAHeader(
            String description, String first, String second, String columns, boolean header) {
        List<String> columnNames = columns == null ? List.of() : List.of(columns.split(","));

        assertThat(HeaderRule.isHeader(split(first), second == null ? null : split(second), columnNames))
                .isEqualTo(header);
    }

    private static String[] split(String row) {
        return row.split("\\|", -1);
    }
}
