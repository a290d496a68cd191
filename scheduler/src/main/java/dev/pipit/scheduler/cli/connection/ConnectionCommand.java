package dev.pipit.scheduler.cli.connection;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/scheduler connection}: work on {@code .connection} files. */
@Command(name = "connection", mixinStandardHelpOptions = true,
        description = "Create, list and test .connection files.",
        subcommands = {CreateConnectionCommand.class, ListConnectionsCommand.class, TestConnectionCommand.class,
                CommandLine.HelpCommand.class})
public final class ConnectionCommand {}
