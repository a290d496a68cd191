package dev.pipit.bench;

/** One row of the benchmark table. Implementations are stateless; the environment holds what they share. */
interface BenchCase {
    /** The case's name in the table, in {@code --case} and in the JSON's {@code case} field. */
    String name();

    Result run(BenchEnvironment env) throws Exception;
}
