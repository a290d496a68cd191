package dev.pipit.plugin.parquet;

import dev.pipit.spi.Plugin;
import dev.pipit.spi.format.FormatFactory;
import java.util.List;

/** Apache Parquet files ({@code IMPORT_FORMAT parquet}, keys ending .parquet). */
public final class ParquetPlugin implements Plugin {
    @Override
    public List<FormatFactory> formats() {
        return List.of(new ParquetFormatFactory());
    }
}
