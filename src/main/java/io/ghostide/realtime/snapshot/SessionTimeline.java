package io.ghostide.realtime.snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * One session's state as its log delivered it, and the captures open on it. Guarded by its own
 * monitor: the log's deliveries for a session come one at a time in {@code seq} order, and a
 * capture copies the state and the {@code seq} it is at in one step, so the two always agree.
 */
final class SessionTimeline {

    /** The {@code seq} of a timeline that has not seen a delivery yet. */
    static final long NONE = -1;

    private final SessionContents contents = new SessionContents();

    // whether the stores were read into contents; until a message changes the state, they need not be
    private boolean seeded;

    // whether contents are exactly the state after seq, runs' transcript counts included: once the
    // first capture rebuilt them from the log's kept history (the seed is read at no one seq)
    private boolean anchored;

    // the seq of the last delivery applied
    private long seq = NONE;

    // when a delivery or a capture last touched it (nanoTime)
    private long touched;

    // forgotten by its owner: a caller holding it looks it up again
    private boolean retired;

    private final List<Tap> taps = new ArrayList<>();

    SessionTimeline(long now) {
        this.touched = now;
    }

    /**
     * Applies one delivered entry ({@code change} null when it changes nothing), seeding the
     * state from the stores first when this is the first change; false when retired.
     */
    synchronized boolean apply(long entrySeq, @Nullable StateChange change, Supplier<SessionContents> seed,
            Duration runRetention, long now) {
        if (this.retired) {
            return false;
        }
        if (change != null) {
            seedOnce(seed);
            change.applyTo(this.contents, runRetention);
        }
        this.seq = entrySeq;
        this.touched = now;
        if (!this.taps.isEmpty()) {
            for (Tap tap : this.taps) {
                tap.entries.add(new Entry(entrySeq, change));
            }
            notifyAll();
        }
        return true;
    }

    /** Opens a capture: the state now, and every entry delivered from now on; null when retired. */
    synchronized @Nullable Tap open(Supplier<SessionContents> seed, long now) {
        if (this.retired) {
            return null;
        }
        seedOnce(seed);
        this.touched = now;
        Tap tap = new Tap(this.contents.copy(), this.seq);
        this.taps.add(tap);
        return tap;
    }

    synchronized void close(Tap tap) {
        this.taps.remove(tap);
    }

    /**
     * The state just after entry {@code target}: the capture's copy with the entries delivered
     * since, up to {@code target}. Waits up to {@code wait} for {@code target} to be delivered
     * (a shared log may deliver after its read returns); null when the capture cannot say (the
     * history started over in between, or the entry did not come in time).
     */
    synchronized @Nullable SessionContents at(Tap tap, long target, Duration runRetention, Duration wait)
            throws InterruptedException {
        if (tap.openedAt != NONE) {
            if (tap.openedAt > target) {
                return null;
            }
            long deadline = System.nanoTime() + wait.toNanos();
            while (!tap.reached(target)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
        // opened before any delivery here: whatever the log held before the capture changed nothing here
        SessionContents at = tap.start.copy();
        long last = tap.openedAt;
        for (Entry entry : tap.entries) {
            if (entry.seq() > target) {
                break;
            }
            if (last != NONE && entry.seq() != last + 1) {
                // not the next one: the history started over
                return null;
            }
            if (entry.change() != null) {
                entry.change().applyTo(at, runRetention);
            }
            last = entry.seq();
        }
        return tap.openedAt == NONE || last == target ? at : null;
    }

    synchronized boolean anchored() {
        return this.anchored;
    }

    /**
     * Takes {@code exact}, the state just after entry {@code target} as a capture rebuilt it from
     * the log, with the entries delivered after {@code target} applied, as its own, unless it
     * already is anchored or retired.
     */
    synchronized void anchor(Tap tap, long target, SessionContents exact, Duration runRetention) {
        if (this.anchored || this.retired) {
            return;
        }
        SessionContents rebuilt = exact.copy();
        for (Entry entry : tap.entries) {
            if (entry.seq() > target && entry.change() != null) {
                entry.change().applyTo(rebuilt, runRetention);
            }
        }
        this.contents.files.clear();
        this.contents.files.putAll(rebuilt.files);
        this.contents.runs.clear();
        this.contents.runs.putAll(rebuilt.runs);
        this.contents.connections.clear();
        this.contents.connections.putAll(rebuilt.connections);
        this.seeded = true;
        this.seq = Math.max(this.seq, target);
        this.anchored = true;
    }

    /** Retires it at once: the log stopped delivering its session here, so what it holds goes stale. */
    synchronized void retire() {
        this.retired = true;
        notifyAll();
    }

    /** Retires it when nothing needs it: no capture, no one present, no run going, idle since {@code idleBefore}. */
    synchronized boolean retireIfIdle(long idleBefore) {
        if (this.taps.isEmpty() && this.touched - idleBefore < 0 && this.contents.quiet()) {
            this.retired = true;
        }
        return this.retired;
    }

    private void seedOnce(Supplier<SessionContents> seed) {
        if (!this.seeded) {
            SessionContents stored = seed.get();
            this.contents.files.putAll(stored.files);
            this.contents.runs.putAll(stored.runs);
            this.contents.connections.putAll(stored.connections);
            this.seeded = true;
        }
    }

    /** One delivered entry, as a capture remembers it. */
    private record Entry(long seq, @Nullable StateChange change) {
    }

    /** A capture's view: the state and {@code seq} when it opened, then each entry delivered since. */
    static final class Tap {

        final SessionContents start;

        final long openedAt;

        final List<Entry> entries = new ArrayList<>();

        Tap(SessionContents start, long openedAt) {
            this.start = start;
            this.openedAt = openedAt;
        }

        // whether the state at target is known: it is the start, or an entry at or past it arrived
        boolean reached(long target) {
            if (this.openedAt == target) {
                return true;
            }
            for (Entry entry : this.entries) {
                if (entry.seq() >= target) {
                    return true;
                }
            }
            return false;
        }
    }
}
