package dev.pipit.scheduler.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The files of one run, imported by up to {@code import.parallel-files} threads at once, in key order as they are
 * taken. Each file is still its own transaction with its ledger row, so exactly once holds file by file whatever the
 * others do. While one file waits on its download or its commit, another parses or writes: the database and the
 * store are busy at the same time instead of in turn.
 *
 * <p>The first failure that ends a run ({@link RunAbortedException}, an {@link Error}) stops the taking of files;
 * the files in progress on other threads finish, then the failure is thrown on the run's thread as if the files had
 * been imported one after another. The run's thread imports files too, so one worker needs no thread of its own.
 */
final class FileWorkers<F> {
    /** Imports one file; {@code false} when it was marked failed. */
    @FunctionalInterface
    interface FileTask<F> {
        boolean importFile(F file);
    }

    record Outcome(int done, int failed) {}

    private final List<F> files;
    private final FileTask<F> task;
    private final BooleanSupplier stopRequested;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private FileWorkers(List<F> files, FileTask<F> task, BooleanSupplier stopRequested) {
        this.files = files;
        this.task = task;
        this.stopRequested = stopRequested;
    }

    /**
     * @param workers how many files may be in progress at once
     * @param threadName what the extra threads are called, each with its number
     * @param stopRequested polled before each file: once true, no more files are taken
     */
    static <F> Outcome importAll(List<F> files, int workers, String threadName, FileTask<F> task,
            BooleanSupplier stopRequested) {
        FileWorkers<F> run = new FileWorkers<>(files, task, stopRequested);
        List<Thread> threads = new ArrayList<>();
        for (int i = 2; i <= Math.min(workers, files.size()); i++) {
            Thread thread = new Thread(run::work, threadName + " #" + i);
            threads.add(thread);
            thread.start();
        }
        run.work();
        joinAll(threads);
        Throwable first = run.failure.get();
        if (first instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (first instanceof Error error) {
            throw error;
        }
        return new Outcome(run.done.get(), run.failed.get());
    }

    private void work() {
        while (failure.get() == null && !stopRequested.getAsBoolean()) {
            int index = next.getAndIncrement();
            if (index >= files.size()) {
                return;
            }
            try {
                if (!task.importFile(files.get(index))) {
                    failed.incrementAndGet();
                }
                done.incrementAndGet();
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
                return;
            }
        }
    }

    /** Waits for the other files in progress even when interrupted: their transactions must end before the run. */
    private static void joinAll(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
