package dev.pipit.scheduler.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The files of one run, imported by up to {@code import.parallel-files} threads at once, a group at a time in key
 * order as they are taken ({@link FileGroups}: the files that share a transaction). Each group's files are in
 * exactly one transaction each with their ledger rows, so exactly once holds file by file whatever the others do.
 * While one group waits on its download or its commit, another parses or writes: the database and the store are busy
 * at the same time instead of in turn.
 *
 * <p>The first failure that ends a run ({@link RunAbortedException}, an {@link Error}) stops the taking of groups;
 * the groups in progress on other threads finish, then the failure is thrown on the run's thread as if the groups
 * had been imported one after another. The run's thread imports too, so one worker needs no thread of its own.
 */
final class FileWorkers<F> {
    /** Imports one group of files. */
    @FunctionalInterface
    interface GroupTask<F> {
        /** @return how many of the group's files were marked failed */
        int importGroup(List<F> group);
    }

    /**
     * @param done the files taken, imported or not
     * @param failed those of them marked failed
     */
    record Outcome(int done, int failed) {}

    private final List<List<F>> groups;
    private final GroupTask<F> task;
    private final BooleanSupplier stopRequested;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private FileWorkers(List<List<F>> groups, GroupTask<F> task, BooleanSupplier stopRequested) {
        this.groups = groups;
        this.task = task;
        this.stopRequested = stopRequested;
    }

    /**
     * @param workers how many groups may be in progress at once
     * @param threadName what the extra threads are called, each with its number
     * @param stopRequested polled before each group: once true, no more groups are taken
     */
    static <F> Outcome importAll(List<List<F>> groups, int workers, String threadName, GroupTask<F> task,
            BooleanSupplier stopRequested) {
        FileWorkers<F> run = new FileWorkers<>(groups, task, stopRequested);
        List<Thread> threads = new ArrayList<>();
        for (int i = 2; i <= Math.min(workers, groups.size()); i++) {
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
            if (index >= groups.size()) {
                return;
            }
            try {
                List<F> group = groups.get(index);
                failed.addAndGet(task.importGroup(group));
                done.addAndGet(group.size());
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
                return;
            }
        }
    }

    /** Waits for the other groups in progress even when interrupted: their transactions must end before the run. */
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
