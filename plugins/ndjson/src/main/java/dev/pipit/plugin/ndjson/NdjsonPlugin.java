package dev.pipit.plugin.ndjson;

import dev.pipit.spi.Plugin;
import dev.pipit.spi.format.FormatFactory;
import java.util.List;

/** Newline-delimited JSON ({@code IMPORT_FORMAT ndjson}, keys ending .ndjson or .jsonl). */
public final class NdjsonPlugin implements Plugin {
    @Override
    public List<FormatFactory> formats() {
        return List.of(new NdjsonFormatFactory());
    }
}
