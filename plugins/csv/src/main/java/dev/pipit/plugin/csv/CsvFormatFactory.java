package dev.pipit.plugin.csv;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pipit.spi.PluginVersion;
import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.util.List;

/**
 * {@code IMPORT_FORMAT csv}: UTF-8 text, RFC 4180 quoting, the delimiter and the header guessed from the file
 * itself (see {@link CsvDialect} and {@link HeaderRule}).
 *
 * <p>Values are returned as {@code String}s exactly as written between delimiters, without trimming; an empty
 * field, quoted or not, is {@code ""} and never {@code null}. Whether empty means NULL, zero or an empty string
 * depends on the column's type, which only the core knows.
 */
final class CsvFormatFactory implements FormatFactory {
    /**
     * The longest record read, in characters: a 10 MB line still imports, but a quote left open cannot pull the
     * rest of a large file into memory. Applies to a whole record, which bounds every field in it.
     */
    static final int MAX_RECORD_CHARS = 16 * 1024 * 1024;

    @Override
    public String name() {
        return "csv";
    }

    @Override
    public String version() {
        return PluginVersion.of(CsvFormatFactory.class);
    }

    @Override
    public List<String> extensions() {
        return List.of("csv", "tsv");
    }

    @Override
    public FormatReader open(InputStream input, FormatOptions options) throws IOException {
        CsvRows rows = null;
        try {
            TextSample sample = TextSample.read(input, options.source());
            CsvDialect dialect = CsvDialect.detect(sample.text(), options.extension());
            // Strict decoding: a file that turns out not to be UTF-8 past the sample fails instead of importing
            // replacement characters.
            Reader text = new InputStreamReader(sample.stream(), UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));
            rows = new CsvRows(text, dialect, options.source(), MAX_RECORD_CHARS);
            return CsvFormatReader.open(rows, options.columnNames());
        } catch (IOException | RuntimeException e) {
            // The reader owns the input; without a reader to close it, closing falls to us.
            closeAfterFailure(rows != null ? rows : input, e);
            throw e;
        }
    }

    private static void closeAfterFailure(Closeable resource, Exception failure) {
        try {
            resource.close();
        } catch (IOException closing) {
            failure.addSuppressed(closing);
        }
    }
}
