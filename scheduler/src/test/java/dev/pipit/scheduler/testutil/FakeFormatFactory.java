package dev.pipit.scheduler.testutil;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.format.FormatFactory;
import dev.pipit.spi.format.FormatOptions;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.RecordDecoder;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** A format that claims extensions and reads nothing. */
public record FakeFormatFactory(String name, List<String> extensions) implements FormatFactory {
    public FakeFormatFactory {
        requireNonNull(name, "name is null");
        extensions = List.copyOf(extensions);
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public FormatReader open(InputStream input, FormatOptions options) {
        throw new UnsupportedOperationException("the fake format reads nothing");
    }

    @Override
    public Optional<RecordDecoder> recordDecoder() {
        return Optional.of(value -> {
            throw new UnsupportedOperationException("the fake format reads nothing");
        });
    }
}
