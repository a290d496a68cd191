package dev.pipit.distribution.testutil;

import dev.pipit.scheduler.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@code bin/scheduler} commands in this JVM as a person types them, on a project folder that holds its
 * {@code pipit.properties} and {@code secrets.properties}, and keeps what they print.
 */
public final class Cli {
    private Cli() {}

    public static Result execute(Path project, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = Main.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--project", project.toString(), "--config", project.resolve("pipit.properties").toString(),
                "--secrets", project.resolve("secrets.properties").toString()));
        int exit = command.execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    public record Result(int exit, String out, String err) {}
}
