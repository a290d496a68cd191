package dev.pipit.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipitConfigTest {
    @TempDir
    Path dir;

    @Test
    void environmentOverridesTheFileAndSystemPropertiesOverrideBoth() throws Exception {
        Path file = dir.resolve("scheduler.properties");
        Files.writeString(file, "db.url = jdbc:h2:file:./data/pipit\nauto.max-files = 5\njmx.port = 1\n");
        Properties system = new Properties();
        system.setProperty("pipit.jmx.port", "3");
        system.setProperty("pipit.home", "/opt/pipit");

        PipitConfig config = PipitConfig.load(file,
                Map.of("PIPIT_AUTO_MAX_FILES", "7", "PIPIT_JMX_PORT", "2", "PIPIT_LOG_LEVEL", "DEBUG"), system);

        assertThat(config.get("db.url")).contains("jdbc:h2:file:./data/pipit");
        assertThat(config.getInt("auto.max-files", 5)).isEqualTo(7);
        assertThat(config.getInt("jmx.port", 0)).isEqualTo(3);
        assertThat(config.get("home")).isEmpty();
        assertThat(config.get("log.level")).isEmpty();
    }

    @Test
    void environmentVariableNamesMapToKeys() {
        assertThat(PipitConfig.keyOfEnvironmentVariable("PIPIT_DB_URL")).isEqualTo("db.url");
        assertThat(PipitConfig.keyOfEnvironmentVariable("PIPIT_AUTO_MAX_FILES")).isEqualTo("auto.max-files");
        assertThat(PipitConfig.keyOfEnvironmentVariable("PIPIT_CLUSTER")).isEqualTo("cluster");
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(PipitConfig.parseDuration("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(PipitConfig.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(PipitConfig.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(PipitConfig.parseDuration("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> PipitConfig.of(Map.of("auto.interval", "soon")).getDuration("auto.interval", Duration.ZERO))
                .withMessage("Invalid value 'soon' for config 'auto.interval': expected a duration such as 60s, 5m or 250ms");
    }

    @Test
    void describeMasksPasswords() {
        PipitConfig config = PipitConfig.of(Map.of("db.password", "hunter2", "db.user", "pipit"));
        assertThat(config.describe()).isEqualTo("db.password=<masked>, db.user=pipit");
        assertThat(config.toString()).doesNotContain("hunter2");
    }

    @Test
    void sizesTakeBinaryUnits() {
        assertThat(PipitConfig.parseBytes("16MB")).isEqualTo(16L << 20);
        assertThat(PipitConfig.parseBytes("512 kb")).isEqualTo(512L << 10);
        assertThat(PipitConfig.parseBytes("1G")).isEqualTo(1L << 30);
        assertThat(PipitConfig.parseBytes("4096")).isEqualTo(4096);
        assertThat(PipitConfig.of(java.util.Map.of("import.max-value-size", "2MB"))
                .getBytes("import.max-value-size", 1)).isEqualTo(2L << 20);
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> PipitConfig.of(java.util.Map.of("import.max-value-size", "2 parsecs"))
                        .getBytes("import.max-value-size", 1))
                .withMessage("Invalid value '2 parsecs' for config 'import.max-value-size': expected a size such as"
                        + " 16MB, 512KB or 1GB");
    }
}
