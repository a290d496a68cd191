package dev.pipit.plugin.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipit.spi.Plugin;
import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.FormatOptions;
import java.io.InputStream;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ParquetPluginTest {
    @Test
    void serviceLoaderFindsThePlugin() {
        List<Plugin> plugins = ServiceLoader.load(Plugin.class).stream().map(ServiceLoader.Provider::get).toList();

        assertThat(plugins).hasOnlyElementsOfType(ParquetPlugin.class).hasSize(1);
    }

    @Test
    void offersTheParquetFormatForParquetKeysReadAtRandomPositions() {
        FormatFactory format = new ParquetPlugin().formats().get(0);

        assertThat(format.name()).isEqualTo("parquet");
        assertThat(format.extensions()).containsExactly("parquet");
        assertThat(format.version()).isNotBlank();
        assertThat(format.needsRandomAccess()).isTrue();
        FormatOptions options = new FormatOptions("a.parquet", "parquet", List.of(), List.of());
        assertThatThrownBy(() -> format.open(InputStream.nullInputStream(), options))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(new ParquetPlugin().connectors()).isEmpty();
    }

    @Test
    void halfPrecisionFloatsConvertExactly() {
        assertThat(PrimitiveValues.halfToFloat((short) 0x3e00)).isEqualTo(1.5f);
        assertThat(PrimitiveValues.halfToFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(PrimitiveValues.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(PrimitiveValues.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(PrimitiveValues.halfToFloat((short) 0x7e00)).isNaN();
    }
}
