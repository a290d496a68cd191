package dev.pipit.bench;

import dev.pipit.scheduler.plugin.PluginRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/bench}: every case, or the chosen ones, then the table (or JSON) and the machine. */
@Command(
        name = "bench",
        description = {"Measures Pipit side by side with what users would do instead, on data it generates, against "
                + "servers it starts itself (S3Proxy, embedded PostgreSQL). Each figure is a ratio against a "
                + "baseline run in the same process on the same data, after a warm-up.",
            "Progress goes to stderr, the table or the JSON to stdout."})
public final class BenchMain implements Callable<Integer> {
    static final List<BenchCase> CASES = List.of(LoadCase.csvH2(), new ColdCsvH2Case(), LoadCase.csvPostgres(),
            LoadCase.parquetH2(), LoadCase.parquetPostgres(), new ParseCsvCase(), new ParseParquetCase(),
            new DiscoveryCase(),
            new ManyDataSourcesCase(), KafkaCase.h2(), KafkaCase.postgres(), new KafkaAvroCase(), new ManyFilesCase(),
            new MemoryCase(), new ConsoleOverviewCase(), new NotificationsCase(), ExportCase.csv(),
            ExportCase.parquet());
    /** Cases that only a run naming them has: they explain a figure rather than measure a goal. */
    static final List<BenchCase> ON_REQUEST = List.of(LoadCase.csvH2Alternatives());
    private static final List<BenchCase> ALL = Stream.concat(CASES.stream(), ON_REQUEST.stream()).toList();

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "2000000",
            description = "rows of the main CSV file (about 100 bytes each; default ${DEFAULT-VALUE}); the memory "
                    + "case's CSV has ten times as many and its Parquet file three times as many, the discovery and "
                    + "many-datasources sizes do not change")
    long rows;

    @Option(names = "--case", paramLabel = "NAME", split = ",",
            description = "only these cases (repeatable or comma-separated): ${COMPLETION-CANDIDATES}; "
                    + "csv-h2-alternatives runs only when named",
            completionCandidates = CaseNames.class)
    List<String> cases = new ArrayList<>();

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "run the chosen cases N times, round after round, each round with servers and data of its "
                    + "own; each case shows its median round, and the note every round's ratio (default "
                    + "${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--json", description = "print a JSON array, one object per case: case, pipit, baseline, "
            + "baseline_value, unit, ratio, rounds (every round's ratio)")
    boolean json;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "where data and databases go (default: a new temporary folder, deleted at the end)")
    Path workDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (rows < 1_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rows must be at least 1000");
        }
        if (repeat < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be at least 1");
        }
        List<BenchCase> chosen = choose();
        boolean temporary = workDir == null;
        Path dir = temporary ? Files.createTempDirectory("pipit-bench") : Files.createDirectories(workDir);
        java.io.PrintWriter out = spec.commandLine().getOut();
        List<List<Result>> rounds = new ArrayList<>();
        PluginRegistry plugins = PluginRegistry.forInstallation();
        try {
            for (int round = 1; round <= repeat; round++) {
                Path roundDir = repeat == 1 ? dir : dir.resolve("round-" + round);
                rounds.add(runRound(chosen, roundDir, round, plugins));
                if (temporary && repeat > 1) {
                    deleteTree(roundDir); // a full round's data is several GB
                }
            }
        } finally {
            if (temporary) {
                deleteTree(dir);
            }
        }
        List<Rounds> results = Rounds.of(rounds);
        out.print(json ? ResultTable.json(results) + System.lineSeparator()
                : ResultTable.text(results, Machine.current()));
        out.flush();
        return 0;
    }

    private List<Result> runRound(List<BenchCase> chosen, Path dir, int round, PluginRegistry plugins)
            throws Exception {
        List<Result> results = new ArrayList<>();
        try (BenchEnvironment env = new BenchEnvironment(Files.createDirectories(dir), rows, round, plugins,
                System.err)) {
            if (repeat > 1) {
                env.log("round %d of %d", round, repeat);
            }
            for (BenchCase benchCase : chosen) {
                env.log("case %s", benchCase.name());
                long start = System.nanoTime();
                results.add(benchCase.run(env));
                env.log("case %s done in %.0f s", benchCase.name(), (System.nanoTime() - start) / 1e9);
            }
        }
        return results;
    }

    List<BenchCase> choose() {
        if (cases.isEmpty()) {
            return CASES;
        }
        Map<String, BenchCase> byName = ALL.stream().collect(Collectors.toMap(BenchCase::name, Function.identity()));
        List<BenchCase> chosen = new ArrayList<>();
        for (String name : cases) {
            BenchCase benchCase = byName.get(name);
            if (benchCase == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no case named '" + name
                        + "'; the cases are " + String.join(", ", new CaseNames()));
            }
            chosen.add(benchCase);
        }
        return chosen;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The case names, for {@code --help}. */
    static final class CaseNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ALL.stream().map(BenchCase::name).iterator();
        }
    }
}
