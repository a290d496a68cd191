package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.cli.connection.ConnectionCommand;
import dev.pipit.scheduler.cli.datasource.DataSourceCommand;
import dev.pipit.scheduler.daemon.StopRequest;
import dev.pipit.scheduler.db.DatabaseException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bin/scheduler}: the daemon and every admin command. Each subcommand is a class of its own. */
@Command(
        name = "scheduler",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Pipit: loads Tinybird-style datafile projects into your own database, on schedule and exactly once.",
        subcommands = {
            CheckCommand.class,
            StartCommand.class,
            DeployCommand.class,
            DeploymentsCommand.class,
            RunCommand.class,
            TriggerCommand.class,
            PauseCommand.class,
            ResumeCommand.class,
            StatusCommand.class,
            HistoryCommand.class,
            FilesCommand.class,
            RetryCommand.class,
            ReimportCommand.class,
            QuarantineCommand.class,
            SqlCommand.class,
            PipeCommand.class,
            SinkCommand.class,
            CopyCommand.class,
            ConnectionCommand.class,
            DataSourceCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Every command takes --project DIR (default: the current folder) and --help."})
public final class Main {
    private final boolean ownsProcess;

    private Main(boolean ownsProcess) {
        this.ownsProcess = ownsProcess;
    }

    public static void main(String[] args) {
        System.exit(commandLine(true).execute(args));
    }

    /** The command tree, shared with tests so they run commands exactly as {@code bin/scheduler} does. */
    public static CommandLine commandLine() {
        return commandLine(false);
    }

    private static CommandLine commandLine(boolean ownsProcess) {
        CommandLine commandLine = new CommandLine(new Main(ownsProcess));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(Main::handle);
        if (ownsProcess) {
            Interruption interruption = new Interruption(System.err);
            commandLine.setErr(interruption.commandErr());
            commandLine.setExecutionStrategy(parseResult -> {
                List<CommandLine> chosen = parseResult.asCommandLineList();
                CommandLine command = chosen.get(chosen.size() - 1);
                interruption.takeSignals(command.getCommandName(), command.getCommand());
                return new CommandLine.RunLast().execute(parseResult);
            });
        }
        return commandLine;
    }

    /**
     * The stop signals of a command that can stop after the files in progress ({@code start}, {@code run}); see
     * {@link #stopRequest(CommandSpec, String, String)}.
     *
     * @param notice what the first signal makes the command do, printed when it comes
     */
    static StopRequest stopRequest(CommandSpec spec, String notice) {
        return stopRequest(spec, notice + " Ctrl-C again stops at once (those files roll back and stay pending).",
                "Stopping at once: the files in progress roll back and stay pending.");
    }

    /**
     * The stop signals of a command. They are the process's: taken when the command is {@code bin/scheduler}'s,
     * never when a test runs it in a JVM whose signals belong to Maven.
     *
     * @param notice what the first signal makes the command do, printed when it comes
     * @param haltNotice what a second signal, which ends the process at once, leaves behind
     */
    static StopRequest stopRequest(CommandSpec spec, String notice, String haltNotice) {
        boolean ownsProcess = spec.root().userObject() instanceof Main main && main.ownsProcess;
        return ownsProcess ? StopRequest.fromSignals(spec.commandLine().getErr(), notice, haltNotice)
                : StopRequest.unsignalled();
    }

    /**
     * Turns an exception into one line on stderr and an exit code; the stack trace is for developers and shows
     * only with {@code PIPIT_LOG_LEVEL=DEBUG}.
     */
    private static int handle(Exception error, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        commandLine.getErr().println(commandLine.getCommandName() + ": " + messageOf(error));
        if ("DEBUG".equalsIgnoreCase(System.getenv("PIPIT_LOG_LEVEL"))) {
            error.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().flush();
        return error instanceof DatabaseException ? ExitCodes.UNAVAILABLE : ExitCodes.FAILED;
    }

    private static String messageOf(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }
}
