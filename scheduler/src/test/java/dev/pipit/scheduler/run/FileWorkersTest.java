package dev.pipit.scheduler.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class FileWorkersTest {
    private final List<List<Long>> files = FileGroups.singles(LongStream.rangeClosed(1, 40).boxed().toList());

    @Test
    void everyFileIsImportedOnceAndTheFailedOnesCounted() {
        Set<Long> imported = ConcurrentHashMap.newKeySet();
        AtomicInteger calls = new AtomicInteger();

        FileWorkers.Outcome outcome = FileWorkers.importAll(files, 4, "test", group -> {
            calls.incrementAndGet();
            imported.addAll(group);
            return group.get(0) % 10 == 0 ? 1 : 0;
        }, () -> false);

        assertThat(calls).hasValue(40);
        assertThat(imported).hasSize(40);
        assertThat(outcome).isEqualTo(new FileWorkers.Outcome(40, 4));
    }

    @Test
    void filesAreInProgressAtTheSameTimeOnAsManyThreadsAsAsked() throws InterruptedException {
        CountDownLatch allFourIn = new CountDownLatch(4);
        Set<String> threads = ConcurrentHashMap.newKeySet();

        FileWorkers.importAll(files.subList(0, 4), 4, "test", group -> {
            threads.add(Thread.currentThread().getName());
            allFourIn.countDown();
            try {
                // Only four files in progress at once can pass: one thread would wait here for good.
                return allFourIn.await(30, TimeUnit.SECONDS) ? 0 : 1;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, () -> false);

        assertThat(allFourIn.getCount()).isZero();
        assertThat(threads).hasSize(4).contains(Thread.currentThread().getName(), "test #2", "test #3", "test #4");
    }

    @Test
    void aFailureThatEndsTheRunStopsTakingFilesAndIsThrownOnTheRunThread() {
        AtomicInteger calls = new AtomicInteger();
        Set<RunAbortedException> thrown = ConcurrentHashMap.newKeySet();

        assertThatThrownBy(() -> FileWorkers.importAll(files, 3, "test", group -> {
            calls.incrementAndGet();
            RunAbortedException databaseGone = new RunAbortedException("the database connection failed", null);
            thrown.add(databaseGone);
            throw databaseGone;
        }, () -> false)).isInstanceOf(RunAbortedException.class).isIn(thrown);

        // Each worker takes no file after its own failure, nor after another's it has seen.
        assertThat(calls.get()).isBetween(1, 3);
    }

    @Test
    void aStopRequestLeavesTheRemainingFilesUntaken() {
        AtomicInteger calls = new AtomicInteger();

        FileWorkers.Outcome outcome = FileWorkers.importAll(files, 2, "test", group -> {
            calls.incrementAndGet();
            return 0;
        }, () -> calls.get() >= 10);

        assertThat(outcome.done()).isBetween(10, 11);
        assertThat(calls.get()).isEqualTo(outcome.done());
    }

    @Test
    void oneWorkerImportsOnTheRunThreadInKeyOrder() {
        List<Long> order = new java.util.ArrayList<>();
        String runThread = Thread.currentThread().getName();

        FileWorkers.importAll(files, 1, "test", group -> {
            assertThat(Thread.currentThread().getName()).isEqualTo(runThread);
            order.addAll(group);
            return 0;
        }, () -> false);

        assertThat(order).isSorted().hasSize(40);
    }

    @Test
    void aGroupCountsEachOfItsFiles() {
        List<List<Long>> groups = List.of(List.of(1L, 2L, 3L), List.of(4L), List.of(5L, 6L));

        FileWorkers.Outcome outcome = FileWorkers.importAll(groups, 2, "test", group -> group.size() - 1, () -> false);

        assertThat(outcome).isEqualTo(new FileWorkers.Outcome(6, 3));
    }
}
