package dev.pipit.plugin.csv;

import dev.pipit.spi.Plugin;
import dev.pipit.spi.format.FormatFactory;
import java.util.List;

/** Comma-, tab-, semicolon- and pipe-separated text files ({@code IMPORT_FORMAT csv}, keys ending .csv or .tsv). */
public final class CsvPlugin implements Plugin {
    @Override
    public List<FormatFactory> formats() {
        return List.of(new CsvFormatFactory());
    }
}
