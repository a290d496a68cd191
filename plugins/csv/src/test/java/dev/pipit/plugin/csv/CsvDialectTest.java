package dev.pipit.plugin.csv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvDialectTest {
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '!', quoteCharacter = '\'', value = {
        // description        ! sample                                          ! extension ! delimiter
        "comma                ! id,name,amount\\n1,ann,2.5\\n2,bob,3\\n         ! csv       ! ,",
        "tab                  ! id\\tname\\n1\\tann, bob\\n                     ! csv       ! TAB",
        "semicolon, decimals  ! id;amount\\n1;2,5\\n2;3,75\\n                   ! csv       ! ;",
        "pipe                 ! id|note\\n1|a, b; c\\n2|d\\n                    ! csv       ! |",
        "quoted commas        ! \"a,b\";c\\n\"d,e\";f\\n                        ! csv       ! ;",
        "consistency wins     ! a,b;c\\n1,2;3\\nx,y\\n4,5;6;7\\n                 ! csv       ! ,",
        "tsv hint breaks ties ! a\\tb,c\\n1\\t2,3\\n                            ! tsv       ! TAB",
        "csv order breaks ties! a\\tb,c\\n1\\t2,3\\n                            ! csv       ! ,",
        "one column           ! name\\nann\\n                                   ! csv       ! ,",
        "one column, tsv      ! name\\nann\\n                                   ! tsv       ! TAB",
        "quoted line break    ! id;text\\n1;\"x\\ny,z,w\"\\n2;t\\n              ! csv       ! ;",
        "blank first lines    ! \\n\\na|b\\n1|2\\n                              ! csv       ! |",
    })
    void detectsTheDelimiter(String description, String sample, String extension, String delimiter) {
        char expected = delimiter.equals("TAB") ? '\t' : delimiter.charAt(0);

        assertThat(CsvDialect.detect(unescape(sample), extension).delimiter()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '!', value = {"a,b\\r\\n1,2\\r\\n ! CRLF", "a,b\\n1,2\\r\\n ! LF", "a,b ! LF",
        "\"x\\ny\"\\r\\n ! CRLF"})
    void takesTheLineSeparatorFromTheFirstLineBreakOutsideQuotes(String sample, String expected) {
        String separator = expected.equals("CRLF") ? "\r\n" : "\n";

        assertThat(CsvDialect.detect(unescape(sample), "csv").lineSeparator()).isEqualTo(separator);
    }

    private static String unescape(String text) {
        return text.strip().replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t");
    }
}
