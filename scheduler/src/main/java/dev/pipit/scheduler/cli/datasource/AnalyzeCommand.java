package dev.pipit.scheduler.cli.datasource;

import dev.pipit.scheduler.cli.ExitCodes;
import dev.pipit.scheduler.cli.JsonOutput;
import dev.pipit.scheduler.cli.ProjectOptions;
import dev.pipit.scheduler.project.Location;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/scheduler datasource analyze}: what the first import of a file or topic would create, without
 * creating anything.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Show the columns an import would infer from a file or a topic: format and dialect, each "
                + "column's name, ClickHouse type, json: path, nullability and sample values, and the field names "
                + "SQL cannot hold. Writes nothing.",
                "SOURCE is a local file, or a s3:// gs:// file:// URI read through --connection (a pattern reads "
                        + "its newest match); --topic samples a Kafka topic."},
        footer = {"", "Examples:",
                "  bin/scheduler datasource analyze exports/orders.csv",
                "  bin/scheduler datasource analyze 's3://acme-landing/orders/*.csv.gz' --connection landing",
                "  bin/scheduler datasource analyze --connection events --topic page_views --json",
                "", "Exit codes: 0 analyzed, 1 the source cannot be read or holds no rows, 2 wrong options."})
final class AnalyzeCommand implements Callable<Integer> {
    @Mixin
    private ProjectOptions options;

    @Mixin
    private SourceArguments arguments;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SOURCE", description = "A local file or a URI.")
    private String source;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SampledSource sampled = Sources.sample(spec, options, arguments, source,
                Location.ofFile("datasources/NAME.datasource"));
        if (json) {
            JsonOutput.print(out, AnalysisReport.json(sampled));
        } else {
            AnalysisReport.printText(sampled, out);
        }
        return ExitCodes.OK;
    }
}
