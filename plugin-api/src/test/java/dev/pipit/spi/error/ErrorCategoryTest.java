package dev.pipit.spi.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.spi.stream.StreamException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ErrorCategoryTest {
    @Test
    void findsTheOutermostCategoryInTheCauseChain() {
        IOException reset = new RetriableException("connection 'c': s3://b/k broke off");
        IOException wrapped = new IOException("cannot read page", new UncheckedIOException(reset));

        assertThat(ErrorCategory.of(wrapped)).contains(ErrorCategory.RETRIABLE);
        assertThat(ErrorCategory.of(new ContentException("bad magic", wrapped))).contains(ErrorCategory.CONTENT);
        assertThat(ErrorCategory.of(new ConfigurationException("access denied"))).contains(ErrorCategory.CONFIGURATION);
        assertThat(ErrorCategory.of(new IOException("plain"))).isEmpty();
    }

    @Test
    void streamsSayTheirCategoryUnchecked() {
        assertThat(ErrorCategory.of(new StreamException("broker down"))).contains(ErrorCategory.RETRIABLE);
        assertThat(ErrorCategory.of(new StreamException(ErrorCategory.CONFIGURATION, "SASL refused", null)))
                .contains(ErrorCategory.CONFIGURATION);
    }
}
