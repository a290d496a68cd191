package dev.pipit.plugin.ndjson;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.error.ContentException;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads an NDJSON file line by line, skipping blank lines. Holds one line, plus the first one between
 * {@link #open} and the first {@link #read()}.
 */
final class NdjsonFormatReader implements FormatReader {
    private final LineReader lines;
    private final JsonLineParser parser = new JsonLineParser();
    private SourceRow first;

    private NdjsonFormatReader(LineReader lines, SourceRow first) {
        this.lines = requireNonNull(lines, "lines is null");
        this.first = first;
    }

    /**
     * Reads the first non-blank line.
     *
     * @throws IOException when that line is not a JSON object: the file is then not NDJSON at all
     */
    static NdjsonFormatReader open(LineReader lines, String source) throws IOException {
        NdjsonFormatReader reader = new NdjsonFormatReader(lines, null);
        SourceRow first = reader.next();
        if (first != null && first.error() != null) {
            throw new ContentException(source + ":" + first.line() + ": not an NDJSON file, its first line is not a "
                    + "JSON object (" + first.error() + ")");
        }
        reader.first = first;
        return reader;
    }

    /** NDJSON records carry their own names; see {@link SourceRow#fieldNames()}. */
    @Override
    public List<String> fieldNames() {
        return List.of();
    }

    /**
     * Records are read ahead on another thread: each line is parsed into maps and lists of its own.
     */
    @Override
    public boolean recordsStayValid() {
        return true;
    }

    @Override
    public SourceRow read() throws IOException {
        if (first != null) {
            SourceRow record = first;
            first = null;
            return record;
        }
        return next();
    }

    private SourceRow next() throws IOException {
        LineReader.Line line;
        do {
            line = lines.next();
            if (line == null) {
                return null;
            }
        } while (line.text().isBlank());
        String text = line.text();
        JsonLineParser.Result result = parser.parse(text);
        Map<String, Object> members = result.members() == null ? Map.of() : result.members();
        return new NdjsonRecord(members, line.number(), () -> text, result.error());
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
