package dev.pipit.scheduler.cli.datasource;

import dev.pipit.scheduler.config.PipitConfig;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The options {@code analyze} and {@code create} share about how to read their source. */
final class SourceArguments {
    @Option(names = "--connection", paramLabel = "NAME",
            description = "The project's connection to read a s3://, gs:// or file:// URI, or a --topic, through.")
    String connection;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "A Kafka topic of --connection: its first messages are sampled, without joining a "
                    + "consumer group or committing an offset.")
    String topic;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Read as this format (csv, ndjson, parquet) instead of choosing by the key's ending, as "
                    + "IMPORT_FORMAT does.")
    String format;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to wait for a topic's messages (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** Durations as the configuration writes them: 10s, 2m, 500ms. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return PipitConfig.parseDuration(value);
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration: write 10s, 2m or 500ms");
            }
        }
    }
}
