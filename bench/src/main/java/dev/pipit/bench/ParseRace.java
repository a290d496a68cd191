package dev.pipit.bench;

import java.nio.file.Path;

/**
 * What the parse cases share: both contenders read a warm-up file first, then each reads the events file a few
 * times and its best rate counts, so one unlucky round on a shared machine does not decide the ratio.
 */
final class ParseRace {
    static final int ROUNDS = 2;

    private ParseRace() {}

    /** One contender: reads a whole file into a sink and returns its row count. */
    @FunctionalInterface
    interface Parse {
        long rows(Path file) throws Exception;
    }

    record Rates(double pipit, double baseline) {}

    /** @param what how the log names the rows, e.g. "Parquet rows" */
    static Rates run(BenchEnvironment env, String what, Path warmup, Path events, Parse pipit, Parse baseline)
            throws Exception {
        pipit.rows(warmup);
        baseline.rows(warmup);
        double pipitRate = 0;
        double baselineRate = 0;
        for (int round = 0; round < ROUNDS; round++) {
            env.log("parsing %,d %s, round %d of %d", env.rows(), what, round + 1, ROUNDS);
            pipitRate = Math.max(pipitRate, timed(pipit, events));
            baselineRate = Math.max(baselineRate, timed(baseline, events));
        }
        return new Rates(pipitRate, baselineRate);
    }

    /** Uses the field count, so that no JIT can drop the reads, and checks every row had most of its fields. */
    static long checked(long rows, long fields) {
        if (fields < rows * (EventsCsv.COLUMNS.size() - 2)) {
            throw new IllegalStateException(rows + " rows had only " + fields + " fields");
        }
        return rows;
    }

    private static double timed(Parse parse, Path file) throws Exception {
        System.gc();
        long start = System.nanoTime();
        long rows = parse.rows(file);
        return LoadComparison.perSecond(rows, System.nanoTime() - start);
    }
}
