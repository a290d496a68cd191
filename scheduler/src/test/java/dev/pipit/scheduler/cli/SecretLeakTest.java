package dev.pipit.scheduler.cli;

import static dev.pipit.scheduler.testutil.ProjectFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.Project;
import dev.pipit.scheduler.project.ProjectLoader;
import dev.pipit.scheduler.project.SecretResolver;
import dev.pipit.scheduler.testutil.FakeConnectorFactory;
import dev.pipit.scheduler.testutil.FakePlugin;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A secret's value must reach no output of check: not a diagnostic, not the text or JSON, not a log line. */
class SecretLeakTest {
    private static final String KEY = "AKIA-LEAK-CANARY-1";
    private static final String STYLE = "maybe-LEAK-CANARY-2";
    private static final String REGION = "LEAK-CANARY-3";

    @TempDir
    Path root;

    private final Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level previousLevel;

    @BeforeEach
    void captureEveryLogLine() {
        previousLevel = rootLogger.getLevel();
        rootLogger.setLevel(Level.TRACE);
        logged.start();
        rootLogger.addAppender(logged);
    }

    @AfterEach
    void stopCapturing() {
        rootLogger.detachAppender(logged);
        rootLogger.setLevel(previousLevel);
    }

    @Test
    void noSecretValueInDiagnosticsOutputOrLogsWhenValidationFailsAfterResolution() {
        // Each secret resolves, then fails later: a plugin rule, an allowed-values check, a bad schedule.
        write(root, "connections/landing.connection", "TYPE s3", "S3_REGION {{ tb_secret('REGION') }}",
                "S3_ACCESS_KEY {{ tb_secret('KEY') }}", "S3_PATH_STYLE {{ tb_secret('STYLE') }}");
        write(root, "datasources/a.datasource", "IMPORT_CONNECTION_NAME landing", "IMPORT_BUCKET_URI s3://a/*",
                "IMPORT_SCHEDULE {{ tb_var('REGION') }}", "IMPORT_FROM_TIMESTAMP {{ tb_var('KEY') }}");
        SecretResolver secrets = new SecretResolver(Map.of("KEY", KEY, "STYLE", STYLE, "REGION", REGION), Map.of());
        PluginRegistry registry = PluginRegistry.of(FakePlugin.ofConnectors(FakeConnectorFactory.s3()));

        Project project = new ProjectLoader(registry, secrets).load(root);
        StringWriter text = new StringWriter();
        ProjectSummary.print(project, new PrintWriter(text, true));
        String json = ProjectJson.render(project);

        assertThat(project.hasErrors()).isTrue();
        assertThat(project.diagnostics()).hasSizeGreaterThanOrEqualTo(3);
        String everything = project.diagnostics() + "\n" + project + "\n" + text + "\n" + json + "\n"
                + logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList() + "\n" + secrets;
        assertThat(everything).doesNotContain("LEAK-CANARY").contains("<masked>");
    }
}
