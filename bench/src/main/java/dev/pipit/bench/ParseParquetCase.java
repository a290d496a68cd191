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
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

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
        Path dir = env.workDir().resolve(name());
        env.log("generating %,d events as Parquet", env.rows());
        Path events = EventsParquet.write(dir.resolve("events.parquet"), env.rows(), 5);
        Path warmup = EventsParquet.write(dir.resolve("warmup.parquet"), env.warmupRows(), 6);
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

    private static long raw(Path file) throws IOException {
        long rows = 0;
        long fields = 0;
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            MessageColumnIO columns = new ColumnIOFactory().getColumnIO(schema);
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = columns.getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    Group group = records.read();
                    for (int field = 0; field < schema.getFieldCount(); field++) {
                        fields += group.getFieldRepetitionCount(field) == 0 || group.getValueToString(field, 0) == null
                                ? 0 : 1;
                    }
                    rows++;
                }
            }
        }
        return checked(rows, fields);
    }

    /** Uses the field count, so that no JIT can drop the reads, and checks every row had most of its fields. */
    private static long checked(long rows, long fields) {
        if (fields < rows * (EventsCsv.COLUMNS.size() - 2)) {
            throw new IllegalStateException(rows + " rows had only " + fields + " fields");
        }
        return rows;
    }
}
