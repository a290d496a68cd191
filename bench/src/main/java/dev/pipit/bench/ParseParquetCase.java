package dev.pipit.bench;

import dev.pipit.plugin.parquet.testutil.FileInput;
import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * parse-parquet: the Parquet format plugin reading the events as Parquet (uncompressed) into a sink that looks
 * at every field, against a plain parquet-hadoop loop (row group by row group, example {@code Group}s) doing the
 * same. Both read the local file; the better of two rounds counts.
 */
final class ParseParquetCase implements BenchCase {
    private static final int ROUNDS = 2;
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
        Path warmup = env.warmupParquet();
        pipit(parquet, warmup);
        raw(warmup);
        double pipit = 0;
        double raw = 0;
        for (int round = 0; round < ROUNDS; round++) {
            env.log("parsing %,d Parquet rows, round %d of %d", env.rows(), round + 1, ROUNDS);
            System.gc();
            long start = System.nanoTime();
            long rows = pipit(parquet, events);
            pipit = Math.max(pipit, LoadComparison.perSecond(rows, System.nanoTime() - start));
            System.gc();
            start = System.nanoTime();
            rows = raw(events);
            raw = Math.max(raw, LoadComparison.perSecond(rows, System.nanoTime() - start));
        }
        return Result.of(name(), pipit, BASELINE, raw, "rows/s", "≥ 0.8×",
                String.format(Locale.ROOT, "%,d rows (%,d MB of uncompressed Parquet), best of %d rounds", env.rows(),
                        Files.size(events) >> 20, ROUNDS));
    }

    private static long pipit(FormatFactory parquet, Path file) throws IOException {
        long rows = 0;
        long fields = 0;
        try (FormatReader reader = parquet.open(new FileInput(file),
                new FormatOptions(file.toString(), "parquet", EventsCsv.COLUMNS))) {
            Record record;
            while ((record = reader.read()) != null) {
                for (String column : EventsCsv.COLUMNS) {
                    fields += record.field(column) == null ? 0 : 1;
                }
                rows++;
            }
        }
        return checked(rows, fields);
    }

    private static long raw(Path file) throws Exception {
        long[] fields = {0};
        long rows = RawParquet.forEach(file, row -> {
            for (int field = 0; field < row.getType().getFieldCount(); field++) {
                fields[0] += row.getFieldRepetitionCount(field) == 0 || row.getValueToString(field, 0) == null ? 0 : 1;
            }
        });
        return checked(rows, fields[0]);
    }

    /** Uses the field count, so that no JIT can drop the reads, and checks every row had most of its fields. */
    private static long checked(long rows, long fields) {
        if (fields < rows * (EventsCsv.COLUMNS.size() - 2)) {
            throw new IllegalStateException(rows + " rows had only " + fields + " fields");
        }
        return rows;
    }
}
