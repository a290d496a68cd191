package dev.pipit.scheduler.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {
    private static final Location HERE = new Location("connections/a.connection", 3);

    @TempDir
    Path folder;

    @Test
    void environmentWinsOverTheFileWhichWinsOverTheDefault() throws IOException {
        Path file = Files.writeString(folder.resolve("secrets.properties"), "FROM_FILE=file-value\nBOTH=file-loses\n");
        SecretResolver secrets = SecretResolver.load(Map.of("BOTH", "env-wins", "FROM_ENV", "env-value"), file);

        assertThat(secrets.resolve("{{ tb_secret(\"BOTH\", \"default\") }}", HERE).value()).isEqualTo("env-wins");
        assertThat(secrets.resolve("{{tb_secret('FROM_ENV')}}", HERE).value()).isEqualTo("env-value");
        assertThat(secrets.resolve("{{ tb_secret('FROM_FILE', 'default') }}", HERE).value()).isEqualTo("file-value");
        assertThat(secrets.resolve("{{ tb_secret(\"NOWHERE\", 'default') }}", HERE).value()).isEqualTo("default");
        assertThat(secrets.resolve("{{ tb_secret(\"EMPTY_DEFAULT\", \"\") }}", HERE).value()).isEmpty();
    }

    @Test
    void tbVarResolvesLikeTbSecretInsideLongerValues() {
        SecretResolver secrets = new SecretResolver(Map.of("BUCKET", "acme"), Map.of());

        SecretResolver.Resolved resolved = secrets.resolve("s3://{{ tb_var('BUCKET') }}/{{tb_var(\"PREFIX\", \"in\")}}/*.csv", HERE);

        assertThat(resolved.value()).isEqualTo("s3://acme/in/*.csv");
        assertThat(resolved.sensitive()).isTrue();
    }

    @Test
    void defaultsMayHoldBraces() {
        SecretResolver secrets = new SecretResolver(Map.of(), Map.of());

        assertThat(secrets.resolve("{{ tb_secret(\"GCS_KEY_JSON\", \"{}\") }}", HERE).value()).isEqualTo("{}");
    }

    @Test
    void plainValuesAreNotSensitive() {
        SecretResolver.Resolved resolved = new SecretResolver(Map.of(), Map.of()).resolve("eu-west-1", HERE);

        assertThat(resolved.value()).isEqualTo("eu-west-1");
        assertThat(resolved.sensitive()).isFalse();
    }

    @Test
    void missingSecretWithoutDefaultIsAnErrorAtItsLineNamingIt() {
        SecretResolver.Resolved resolved = new SecretResolver(Map.of(), Map.of()).resolve("{{ tb_secret(\"KAFKA_KEY\") }}", HERE);

        assertThat(resolved.isResolved()).isFalse();
        assertThat(resolved.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.severity()).isEqualTo(Diagnostic.Severity.ERROR);
            assertThat(problem.location()).isEqualTo(HERE);
            assertThat(problem.message()).contains("secret KAFKA_KEY is not set");
        });
    }

    @Test
    void unsupportedAndUnclosedTemplatesAreErrors() {
        SecretResolver secrets = new SecretResolver(Map.of(), Map.of());

        assertThat(secrets.resolve("{{ columns(cols) }}", HERE).problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("unsupported template"));
        assertThat(secrets.resolve("{{ tb_secret('A', 'b')", HERE).problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("unclosed template"));
    }

    @Test
    void toStringShowsNoValue() {
        SecretResolver secrets = new SecretResolver(Map.of("TOKEN", "s3cr3t-env"), Map.of("OTHER", "s3cr3t-file"));

        assertThat(secrets.toString()).doesNotContain("s3cr3t");
        assertThat(secrets.resolve("{{ tb_secret('TOKEN') }}", HERE).toString()).doesNotContain("s3cr3t").contains("<masked>");
    }
}
