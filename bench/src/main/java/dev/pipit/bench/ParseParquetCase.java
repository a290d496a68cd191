package dev.pipit.bench;

import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import dev.pipit.testkit.parquet.FileInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * parse-parquet: the Parquet format plugin reading the events as Parquet (uncompressed) into a sink that looks
 * at every field, against a plain parquet-hadoop loop (row group by row group, example {@code Group}s) doing the
 * same. Both read the local file; the better of two rounds counts.
 */
final class ParseParquetCase implements BenchCase {
    private static final String BASELINE = "raw parquet-hadoop read loop";

    @Override
    public String name() {
        return "parse-parquet";
    }

    @Override
    public Result run(BenchEnvironment env) throws Exception {
        FormatFactory parquet = env.plugins().format("parquet")
                .orElseThrow(() -> new IllegalStateException("the parquet plugin is not installed"));
        Path events = env.eventsParquet();
        ParseRace.Rates rates = ParseRace.run(env, "Parquet rows", env.warmupParquet(), events,
                file -> pipit(parquet, file), ParseParquetCase::raw);
        return Result.of(name(), rates.pipit(), BASELINE, rates.baseline(), "rows/s", "≥ 0.8×",
                String.format(Locale.ROOT, "%,d rows (%,d MB of uncompressed Parquet), best of %d rounds", env.rows(),
                        Files.size(events) >> 20, ParseRace.ROUNDS));
    }

    private static long pipit(FormatFactory parquet, Path file) throws IOException {
        long rows = 0;
        long fields = 0;
        try (FormatReader reader = parquet.open(new FileInput(file),
                new FormatOptions(file.toString(), "parquet", EventsCsv.COLUMNS, List.of()))) {
            SourceRow record;
            while ((record = reader.read()) != null) {
                for (String column : EventsCsv.COLUMNS) {
                    fields += record.field(column) == null ? 0 : 1;
                }
                rows++;
            }
        }
        return ParseRace.checked(rows, fields);
    }

    private static long raw(Path file) throws Exception {
        long[] fields = {0};
        long rows = RawParquet.forEach(file, row -> {
            for (int field = 0; field < row.getType().getFieldCount(); field++) {
                fields[0] += row.getFieldRepetitionCount(field) == 0 || row.getValueToString(field, 0) == null ? 0 : 1;
            }
        });
        return ParseRace.checked(rows, fields[0]);
    }
}
