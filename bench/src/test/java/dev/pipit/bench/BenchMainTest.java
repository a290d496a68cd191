package dev.pipit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchMainTest {
    @Test
    void anUnknownCaseIsAUsageErrorNamingTheCases() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new BenchMain());
        command.setErr(new PrintWriter(err));

        assertThat(command.execute("--case", "csv-duckdb")).isEqualTo(2);
        assertThat(err.toString()).contains("no case named 'csv-duckdb'", "csv-h2", "memory", "csv-h2-alternatives");
    }

    @Test
    void aCaseOnRequestRunsOnlyWhenNamed() {
        BenchMain everything = new BenchMain();
        assertThat(everything.choose()).extracting(BenchCase::name).contains("csv-h2", "memory")
                .doesNotContain("csv-h2-alternatives");

        BenchMain named = new BenchMain();
        named.cases = List.of("csv-h2", "csv-h2-alternatives");
        assertThat(named.choose()).extracting(BenchCase::name).containsExactly("csv-h2", "csv-h2-alternatives");
    }

    @Test
    void tooFewRowsIsAUsageError() {
        CommandLine command = new CommandLine(new BenchMain());
        command.setErr(new PrintWriter(new StringWriter()));

        assertThat(command.execute("--rows", "10")).isEqualTo(2);
    }

    @Test
    void fewerThanOneRoundIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new BenchMain());
        command.setErr(new PrintWriter(err));

        assertThat(command.execute("--repeat", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--repeat must be at least 1");
    }
}
