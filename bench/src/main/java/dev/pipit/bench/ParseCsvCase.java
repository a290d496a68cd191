package dev.pipit.bench;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * parse-csv: the CSV format plugin reading the events file into a sink that only looks at every field, against
 * raw univocity-parsers doing the same. Both read the local file; the better of two rounds counts.
 */
final class ParseCsvCase implements BenchCase {
    private static final String BASELINE = "raw univocity-parsers";

    @Override
    public String name() {
        return "parse-csv";
    }

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        FormatFactory csv = env.plugins().format("csv")
                .orElseThrow(() -> new IllegalStateException("the csv plugin is not installed"));
        ParseRace.Rates rates = ParseRace.run(env, "rows", env.warmupFile(), env.eventsFile(),
                file -> pipit(csv, file), ParseCsvCase::univocity);
        return Result.of(name(), rates.pipit(), BASELINE, rates.baseline(), "rows/s", "≥ 0.8×",
                String.format(Locale.ROOT, "%,d rows, best of %d rounds", env.rows(), ParseRace.ROUNDS));
    }

    private static long pipit(FormatFactory csv, Path file) throws IOException {
        long rows = 0;
        long fields = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                FormatReader reader = csv.open(in,
                        new FormatOptions(file.toString(), "csv", EventsCsv.COLUMNS, List.of()))) {
            SourceRow record;
            while ((record = reader.read()) != null) {
                for (int i = 0; i < record.fieldCount(); i++) {
                    fields += record.field(i) == null ? 0 : 1;
                }
                rows++;
            }
        }
        return ParseRace.checked(rows, fields);
    }

    private static long univocity(Path file) throws IOException {
        CsvParserSettings settings = new CsvParserSettings();
        settings.setHeaderExtractionEnabled(true);
        CsvParser parser = new CsvParser(settings);
        long rows = 0;
        long fields = 0;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            parser.beginParsing(reader);
            String[] row;
            while ((row = parser.parseNext()) != null) {
                for (String field : row) {
                    fields += field == null ? 0 : 1;
                }
                rows++;
            }
        } finally {
            parser.stopParsing();
        }
        return ParseRace.checked(rows, fields);
    }
}
