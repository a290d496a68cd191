package dev.pipit.scheduler.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.spi.Plugin;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.RandomAccessInput;
import dev.pipit.spi.format.SourceRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class FileFormatResolverTest {
    private static final PluginRegistry PLUGINS = PluginRegistry.of(new Plugin() {
        @Override
        public List<FormatFactory> formats() {
            return List.of(new WholeTextFormat(), new LastByteFormat());
        }
    });

    @Test
    void theExtensionIsTheLastEndingWithoutGz() {
        assertThat(FileFormatResolver.extensionOf("a/b/c.CSV")).isEqualTo("csv");
        assertThat(FileFormatResolver.extensionOf("a/b.ndjson.gz")).isEqualTo("ndjson");
        assertThat(FileFormatResolver.extensionOf("a.b/noext")).isEmpty();
        assertThat(FileFormatResolver.extensionOf("archive.gz")).isEmpty();
    }

    @Test
    void gzipIsRecognisedByItsBytesWhateverTheName() throws IOException {
        byte[] zipped = gzip("hello");
        FileFormatResolver resolver = new FileFormatResolver(PLUGINS, null);
        assertThat(readAll(resolver, new BytesStore(zipped), "x.txt")).isEqualTo("hello");
        assertThat(readAll(resolver, new BytesStore(zipped), "x.txt.gz")).isEqualTo("hello");
        assertThat(readAll(resolver, new BytesStore("plain".getBytes(StandardCharsets.UTF_8)), "x.txt")).isEqualTo("plain");
    }

    @Test
    void aKeyNoFormatReadsIsUnreadableWithTheWayOut() {
        FileFormatResolver resolver = new FileFormatResolver(PLUGINS, null);
        assertThatExceptionOfType(UnreadableFileException.class).isThrownBy(() -> resolver.formatFor("a/b.xlsx"))
                .withMessage("no format reads 'xlsx' files; name the key with a known ending [last, txt] or set "
                        + "IMPORT_FORMAT");
        assertThatExceptionOfType(UnreadableFileException.class)
                .isThrownBy(() -> new FileFormatResolver(PLUGINS, "orc").formatFor("a/b.txt"))
                .withMessage("IMPORT_FORMAT orc is not installed; installed formats: [last, text]");
    }

    @Test
    void aRandomAccessFormatReadsACopyWhereTheStoreHasNoRangedReads() throws IOException {
        FileFormatResolver resolver = new FileFormatResolver(PLUGINS, null);
        byte[] bytes = {1, 2, 3};
        ObjectRef object = new ObjectRef("bucket", "x.last", bytes.length, Instant.EPOCH, null);

        try (FormatReader reader = resolver.open(new BytesStore(bytes), object, "test://bucket/x.last", List.of())) {
            assertThat(reader.read().field(0)).isEqualTo(3);
        }
    }

    @Test
    void aCopyEndingBeforeTheListedSizeIsAStoreFailureTheImporterRetries() {
        FileFormatResolver resolver = new FileFormatResolver(PLUGINS, null);
        ObjectRef object = new ObjectRef("bucket", "x.last", 4, Instant.EPOCH, null);

        assertThatExceptionOfType(StoreReadException.class)
                .isThrownBy(() -> resolver.open(new BytesStore(new byte[] {1, 2, 3}), object, "test://bucket/x.last",
                        List.of()))
                .withMessage("the download of test://bucket/x.last ended after 3 of its 4 bytes");
    }

    @Test
    void aGzippedKeyOfARandomAccessFormatIsUnreadable() {
        assertThatExceptionOfType(UnreadableFileException.class)
                .isThrownBy(() -> new FileFormatResolver(PLUGINS, null).formatFor("a/b.last.gz"))
                .withMessage("last files are read at random positions, which a gzipped file does not allow; store "
                        + "them uncompressed (last compresses inside the file)");
        assertThatExceptionOfType(UnreadableFileException.class)
                .isThrownBy(() -> new FileFormatResolver(PLUGINS, "last").formatFor("a/b.bin.gz"));
    }

    @Test
    void importFormatWinsOverTheExtension() {
        assertThat(new FileFormatResolver(PLUGINS, "text").formatFor("a/b.bin").name()).isEqualTo("text");
    }

    private static String readAll(FileFormatResolver resolver, ObjectStore store, String key) throws IOException {
        ObjectRef object = new ObjectRef("bucket", key, 1, Instant.EPOCH, null);
        try (FormatReader reader = resolver.open(store, object, "test://bucket/" + key, List.of())) {
            return (String) reader.read().field(0);
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** A store holding one object, whatever its key, without ranged reads. */
    record BytesStore(byte[] bytes) implements ObjectStore {
        @Override
        public Listing list(ListRequest request) {
            return new Listing(List.of(), null);
        }

        @Override
        public InputStream open(ObjectRef object) {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public void close() {}
    }

    /** Reads a whole file as one record of one field. */
    private static final class WholeTextFormat implements FormatFactory {
        @Override
        public String name() {
            return "text";
        }

        @Override
        public String version() {
            return "test";
        }

        @Override
        public List<String> extensions() {
            return List.of("txt");
        }

        @Override
        public FormatReader open(InputStream input, FormatOptions options) throws IOException {
            String text = new String(input.readAllBytes(), StandardCharsets.UTF_8);
            input.close();
            return oneValue(text);
        }
    }

    /** Reads a file's last byte, at its position, as one record of one field. */
    private static final class LastByteFormat implements FormatFactory {
        @Override
        public String name() {
            return "last";
        }

        @Override
        public String version() {
            return "test";
        }

        @Override
        public List<String> extensions() {
            return List.of("last");
        }

        @Override
        public boolean needsRandomAccess() {
            return true;
        }

        @Override
        public FormatReader open(InputStream input, FormatOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FormatReader open(RandomAccessInput input, FormatOptions options) throws IOException {
            byte[] last = new byte[1];
            input.read(input.length() - 1, last, 0, 1);
            input.close();
            return oneValue((int) last[0]);
        }
    }

    private static FormatReader oneValue(Object value) {
        return new FormatReader() {
            private boolean done;

            @Override
            public List<String> fieldNames() {
                return List.of();
            }

            @Override
            public SourceRow read() {
                if (done) {
                    return null;
                }
                done = true;
                return new SourceRow() {
                    @Override
                    public int fieldCount() {
                        return 1;
                    }

                    @Override
                    public Object field(int index) {
                        return value;
                    }

                    @Override
                    public Object field(String name) {
                        return null;
                    }

                    @Override
                    public long line() {
                        return 1;
                    }
                };
            }

            @Override
            public void close() {}
        };
    }
}
