package dev.pipit.plugin.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.spi.error.ContentException;
import dev.pipit.spi.error.ErrorCategory;
import dev.pipit.spi.error.RetriableException;
import java.io.IOException;
import org.apache.parquet.io.ParquetDecodingException;
import org.junit.jupiter.api.Test;

class ReadFailureTest {
    @Test
    void parquetsOwnFailureIsTheFilesContent() {
        IOException failure = ReadFailure.of("f.parquet: row 3 cannot be read: x",
                new ParquetDecodingException("could not read page"));

        assertThat(failure).isInstanceOf(ContentException.class).hasMessage("f.parquet: row 3 cannot be read: x");
    }

    @Test
    void aStoresRetriableFailureUnderneathStaysRetriable() {
        IOException failure = ReadFailure.of("f.parquet: row 3 cannot be read: connection reset",
                new ParquetDecodingException(new RetriableException("connection reset")));

        assertThat(ErrorCategory.of(failure)).contains(ErrorCategory.RETRIABLE);
    }
}
