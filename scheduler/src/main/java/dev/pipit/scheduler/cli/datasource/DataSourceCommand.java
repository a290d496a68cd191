package dev.pipit.scheduler.cli.datasource;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/scheduler datasource}: look at a source and write its {@code .datasource} file before deploying. */
@Command(name = "datasource", mixinStandardHelpOptions = true,
        description = "Analyze a file or topic, create a .datasource file from it, preview a data source's next file.",
        subcommands = {AnalyzeCommand.class, CreateCommand.class, PreviewCommand.class,
                CommandLine.HelpCommand.class})
public final class DataSourceCommand {}
