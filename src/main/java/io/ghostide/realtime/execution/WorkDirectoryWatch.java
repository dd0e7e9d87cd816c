package io.ghostide.realtime.execution;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
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
 * What a program does to the modes of its directories does not hide what is inside
 * ({@link RunDirectoryWalk}).
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
            RunDirectoryWalk.walk(this.directory, (entry, attributes) -> {
                bytes[0] += attributes.size();
                entries[0]++;
                return bytes[0] <= this.maxBytes && entries[0] <= MAX_ENTRIES;
            });
        }
        catch (AccessDeniedException ex) {
            // a directory the program keeps closed even after the server gave itself its rights
            // back (it changes the mode again at once): what it holds cannot be measured, so it
            // counts as too much, or a program could write without bound behind it
            return true;
        }
        catch (IOException ex) {
            // the directory is gone: the run is over
            return false;
        }
        return bytes[0] > this.maxBytes || entries[0] > MAX_ENTRIES;
    }

    @Override
    public void close() {
        this.task.cancel(false);
    }
}
