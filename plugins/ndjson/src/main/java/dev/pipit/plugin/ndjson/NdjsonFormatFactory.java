package dev.pipit.plugin.ndjson;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pipit.spi.PluginVersion;
import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.RecordDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code IMPORT_FORMAT ndjson}: UTF-8 text, one JSON object per line (NDJSON, JSON Lines).
 *
 * <p>Each line is parsed on its own, so memory holds one line at a time and a broken line costs only itself: it
 * is returned with an {@link dev.pipit.spi.format.SourceRow#error()} and the core quarantines it. A file whose first
 * line is not a JSON object is not NDJSON at all (a CSV or a log file under the wrong name), and fails whole
 * rather than filling the quarantine with every one of its lines.
 */
final class NdjsonFormatFactory implements FormatFactory {
    /** The longest line read, in characters: a large document still imports, a file without line breaks does not. */
    static final int MAX_LINE_CHARS = 16 * 1024 * 1024;

    @Override
    public String name() {
        return "ndjson";
    }

    @Override
    public String version() {
        return PluginVersion.of(NdjsonFormatFactory.class);
    }

    @Override
    public List<String> extensions() {
        return List.of("ndjson", "jsonl");
    }

    /** A message value is one JSON object, read from its bytes as a line of a file is read from its text. */
    @Override
    public Optional<RecordDecoder> recordDecoder() {
        JsonLineParser parser = new JsonLineParser();
        return Optional.of(json -> {
            JsonLineParser.Result result = parser.parse(json);
            Map<String, Object> members = result.members() == null ? Map.of() : result.members();
            return new NdjsonRecord(members, 1, () -> new String(json, UTF_8), result.error());
        });
    }

    @Override
    public FormatReader open(InputStream input, FormatOptions options) throws IOException {
        // Strict decoding: bytes that are not UTF-8 fail the file instead of importing replacement characters.
        InputStreamReader text = new InputStreamReader(input, UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        LineReader lines = new LineReader(text, options.source(), MAX_LINE_CHARS);
        try {
            return NdjsonFormatReader.open(lines, options.source());
        } catch (IOException | RuntimeException e) {
            // The reader owns the input; without a reader to close it, closing falls to us.
            try {
                lines.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }
}
