package dev.pipit.scheduler.run;

import dev.pipit.scheduler.config.PipitConfig;
import dev.pipit.spi.format.FormatOptions;
import java.time.Duration;

/**
 * How much one run may do, and how hard it tries. Tinybird's {@code @auto} schedule imports at most five new files
 * a minute; a triggered run drains everything.
 *
 * @param autoInterval how often an {@code @auto} data source runs ({@code auto.interval}, default 60 s)
 * @param autoMaxFiles files one {@code @auto} run imports at most ({@code auto.max-files}, default 5)
 * @param listPageSize objects asked for per listing request ({@code list.page-size}, default 1,000, S3's maximum)
 * @param fileAttempts how often a file whose download fails is tried, from its first byte, before it is marked
 *     failed ({@code import.attempts}, default 3; 1 turns retries off)
 * @param retryBackoff the wait before a file's second attempt, doubled before each later one
 *     ({@code import.retry-backoff}, default 2 s)
 * @param fileTimeout how long reading one file may take ({@code import.file-timeout}, default 1 h); a file that
 *     takes longer is marked failed without a retry
 * @param maxValueBytes how large one decompressed Parquet page or one field's value may grow in memory
 *     ({@code import.max-value-size}, default 16 MB); a file needing more is marked failed naming the limit
 * @param maxGzipRatio how many times its compressed size a gzipped file may expand to ({@code import.max-gzip-ratio},
 *     default 200); checked once a file has expanded past 16 MB, so small files never trip it
 * @param crashAttempts how many attempts at a file may end with the process dying (out of memory, {@code kill -9},
 *     a native crash) before the file is marked failed and never taken again automatically
 *     ({@code import.crash-attempts}, default 3)
 * @param fileRetries how many later runs try again a file whose download still failed after {@code fileAttempts}
 *     ({@code import.file-retries}, default 3; 0 turns them off); then the file stays failed, a dead letter
 * @param fileRetryBackoff how long a file waits before the first of those runs may take it, doubled before each
 *     later one ({@code import.file-retry-backoff}, default 5 min)
 * @param parallelFiles how many files of one run of a data source with {@code SCHEMA} are imported at once
 *     ({@code import.parallel-files}, default the machine's cores, at most 4); each holds up to two database
 *     connections while it imports
 * @param filesPerCommit how many files of a data source with {@code SCHEMA} one transaction may import
 *     ({@code import.files-per-commit}, default 20; 1 gives each file its own): small files then share the cost of a
 *     commit, while each file stays whole, with its ledger row, in exactly one of them
 * @param bytesPerCommit how many bytes, by the listed sizes, the files one transaction imports may add up to
 *     ({@code import.bytes-per-commit}, default 16 MB); a larger file has a transaction of its own
 */
public record RunLimits(Duration autoInterval, int autoMaxFiles, int listPageSize, int fileAttempts,
        Duration retryBackoff, Duration fileTimeout, long maxValueBytes, int maxGzipRatio, int crashAttempts,
        int fileRetries, Duration fileRetryBackoff, int parallelFiles, int filesPerCommit, long bytesPerCommit) {
    public static final Duration DEFAULT_AUTO_INTERVAL = Duration.ofSeconds(60);
    public static final int DEFAULT_AUTO_MAX_FILES = 5;
    public static final int DEFAULT_LIST_PAGE_SIZE = 1000;
    public static final int DEFAULT_FILE_ATTEMPTS = 3;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(2);
    public static final Duration DEFAULT_FILE_TIMEOUT = Duration.ofHours(1);
    public static final long DEFAULT_MAX_VALUE_BYTES = FormatOptions.DEFAULT_MAX_VALUE_BYTES;
    public static final int DEFAULT_MAX_GZIP_RATIO = 200;
    public static final int DEFAULT_CRASH_ATTEMPTS = 3;
    public static final int DEFAULT_FILE_RETRIES = 3;
    public static final Duration DEFAULT_FILE_RETRY_BACKOFF = Duration.ofMinutes(5);
    public static final int DEFAULT_PARALLEL_FILES = Math.min(4, Runtime.getRuntime().availableProcessors());
    public static final int DEFAULT_FILES_PER_COMMIT = 20;
    public static final long DEFAULT_BYTES_PER_COMMIT = 16L * 1024 * 1024;

    public RunLimits {
        if (autoInterval.isNegative() || autoInterval.isZero()) {
            throw new IllegalArgumentException("auto.interval must be > 0");
        }
        if (autoMaxFiles < 1) {
            throw new IllegalArgumentException("auto.max-files must be >= 1");
        }
        if (listPageSize < 1) {
            throw new IllegalArgumentException("list.page-size must be >= 1");
        }
        if (fileAttempts < 1) {
            throw new IllegalArgumentException("import.attempts must be >= 1");
        }
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("import.retry-backoff must be >= 0");
        }
        if (fileTimeout.isNegative() || fileTimeout.isZero()) {
            throw new IllegalArgumentException("import.file-timeout must be > 0");
        }
        if (maxValueBytes < 1024) {
            throw new IllegalArgumentException("import.max-value-size must be >= 1KB");
        }
        if (maxGzipRatio < 1) {
            throw new IllegalArgumentException("import.max-gzip-ratio must be >= 1");
        }
        if (crashAttempts < 1) {
            throw new IllegalArgumentException("import.crash-attempts must be >= 1");
        }
        if (fileRetries < 0) {
            throw new IllegalArgumentException("import.file-retries must be >= 0");
        }
        if (fileRetryBackoff.isNegative()) {
            throw new IllegalArgumentException("import.file-retry-backoff must be >= 0");
        }
        if (parallelFiles < 1) {
            throw new IllegalArgumentException("import.parallel-files must be >= 1");
        }
        if (filesPerCommit < 1) {
            throw new IllegalArgumentException("import.files-per-commit must be >= 1");
        }
        if (bytesPerCommit < 1) {
            throw new IllegalArgumentException("import.bytes-per-commit must be >= 1");
        }
    }

    /** Limits with the default retries across runs. */
    public RunLimits(Duration autoInterval, int autoMaxFiles, int listPageSize, int fileAttempts,
            Duration retryBackoff, Duration fileTimeout, long maxValueBytes, int maxGzipRatio, int crashAttempts) {
        this(autoInterval, autoMaxFiles, listPageSize, fileAttempts, retryBackoff, fileTimeout, maxValueBytes,
                maxGzipRatio, crashAttempts, DEFAULT_FILE_RETRIES, DEFAULT_FILE_RETRY_BACKOFF, DEFAULT_PARALLEL_FILES,
                DEFAULT_FILES_PER_COMMIT, DEFAULT_BYTES_PER_COMMIT);
    }

    /** Limits with the default retries and file timeout. */
    public RunLimits(Duration autoInterval, int autoMaxFiles, int listPageSize) {
        this(autoInterval, autoMaxFiles, listPageSize, DEFAULT_FILE_ATTEMPTS, DEFAULT_RETRY_BACKOFF,
                DEFAULT_FILE_TIMEOUT, DEFAULT_MAX_VALUE_BYTES, DEFAULT_MAX_GZIP_RATIO, DEFAULT_CRASH_ATTEMPTS);
    }

    public static RunLimits from(PipitConfig config) {
        return new RunLimits(
                config.getDuration("auto.interval", DEFAULT_AUTO_INTERVAL),
                config.getInt("auto.max-files", DEFAULT_AUTO_MAX_FILES),
                config.getInt("list.page-size", DEFAULT_LIST_PAGE_SIZE),
                config.getInt("import.attempts", DEFAULT_FILE_ATTEMPTS),
                config.getDuration("import.retry-backoff", DEFAULT_RETRY_BACKOFF),
                config.getDuration("import.file-timeout", DEFAULT_FILE_TIMEOUT),
                config.getBytes("import.max-value-size", DEFAULT_MAX_VALUE_BYTES),
                config.getInt("import.max-gzip-ratio", DEFAULT_MAX_GZIP_RATIO),
                config.getInt("import.crash-attempts", DEFAULT_CRASH_ATTEMPTS),
                config.getInt("import.file-retries", DEFAULT_FILE_RETRIES),
                config.getDuration("import.file-retry-backoff", DEFAULT_FILE_RETRY_BACKOFF),
                config.getInt("import.parallel-files", DEFAULT_PARALLEL_FILES),
                config.getInt("import.files-per-commit", DEFAULT_FILES_PER_COMMIT),
                config.getBytes("import.bytes-per-commit", DEFAULT_BYTES_PER_COMMIT));
    }

    /** The wait before attempt {@code attempt} (2 or later): the backoff, doubled for each attempt after the second. */
    Duration backoffBefore(int attempt) {
        return retryBackoff.multipliedBy(1L << Math.min(attempt - 2, 16));
    }
}
