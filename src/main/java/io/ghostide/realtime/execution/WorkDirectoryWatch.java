package io.ghostide.realtime.execution;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Measures a run's working directory while the run goes on, and calls {@code onExceeded} once it
 * holds more than its bytes or entries. The working directory is on the host's disk, where no
 * file system size applies: RLIMIT_FSIZE bounds one file, this bounds them all. A walk stops
 * counting as soon as a bound is passed, so a directory of many small files cannot make it slow.
 */
final class WorkDirectoryWatch implements AutoCloseable {

    /** Entries (files, directories, links) a working directory may hold. */
    static final int MAX_ENTRIES = 10_000;

    private static final Duration PERIOD = Duration.ofMillis(200);

    private final Path directory;

    private final long maxBytes;

    private final Runnable onExceeded;

    private final AtomicBoolean walking = new AtomicBoolean();

    private final AtomicBoolean exceeded = new AtomicBoolean();

    private final ScheduledFuture<?> task;

    WorkDirectoryWatch(Path directory, long maxBytes, Runnable onExceeded, ScheduledExecutorService scheduler,
            Executor io) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.onExceeded = onExceeded;
        // the walk runs on the io pool, so the scheduler that flushes output never waits for a disk
        this.task = scheduler.scheduleWithFixedDelay(() -> {
            if (this.walking.compareAndSet(false, true)) {
                io.execute(this::check);
            }
        }, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Checks once now; true when the directory holds more than it may. */
    boolean check() {
        try {
            if (!this.exceeded.get() && overLimit()) {
                this.exceeded.set(true);
                this.onExceeded.run();
            }
            return this.exceeded.get();
        }
        finally {
            this.walking.set(false);
        }
    }

    boolean exceeded() {
        return this.exceeded.get();
    }

    private boolean overLimit() {
        long[] bytes = { 0 };
        int[] entries = { 0 };
        try {
            // links are not followed: a link counts as itself
            Files.walkFileTree(this.directory, new SimpleFileVisitor<>() {

                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return count(attributes);
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    return count(attributes);
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException ex) {
                    // removed while walking, or made unreadable by the program: the rest still counts
                    return FileVisitResult.CONTINUE;
                }

                private FileVisitResult count(BasicFileAttributes attributes) {
                    bytes[0] += attributes.size();
                    entries[0]++;
                    return bytes[0] > WorkDirectoryWatch.this.maxBytes || entries[0] > MAX_ENTRIES
                            ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }
            });
        }
        catch (IOException ex) {
            return false;
        }
        return bytes[0] > this.maxBytes || entries[0] > MAX_ENTRIES;
    }

    @Override
    public void close() {
        this.task.cancel(false);
    }
}
