package dev.pipit.scheduler.run;

import dev.pipit.scheduler.config.PipitConfig;
import java.time.Duration;

/**
 * How much one run may do. Tinybird's {@code @auto} schedule imports at most five new files a minute; a triggered
 * run drains everything.
 *
 * @param autoInterval how often an {@code @auto} data source runs ({@code auto.interval}, default 60 s)
 * @param autoMaxFiles files one {@code @auto} run imports at most ({@code auto.max-files}, default 5)
 * @param listPageSize objects asked for per listing request ({@code list.page-size}, default 1,000, S3's maximum)
 */
public record RunLimits(Duration autoInterval, int autoMaxFiles, int listPageSize) {
    public static final Duration DEFAULT_AUTO_INTERVAL = Duration.ofSeconds(60);
    public static final int DEFAULT_AUTO_MAX_FILES = 5;
    public static final int DEFAULT_LIST_PAGE_SIZE = 1000;

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
    }

    public static RunLimits from(PipitConfig config) {
        return new RunLimits(
                config.getDuration("auto.interval", DEFAULT_AUTO_INTERVAL),
                config.getInt("auto.max-files", DEFAULT_AUTO_MAX_FILES),
                config.getInt("list.page-size", DEFAULT_LIST_PAGE_SIZE));
    }
}
