package io.ghostide.realtime.sessionlog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One session's place in the in-process log: its counter, its epoch and the envelopes it has
 * kept, oldest first. Everything but the timestamps is guarded by {@link #lock}.
 */
final class SessionHistory {

    /** What an entry costs beyond its JSON: the array header, the entry object, its slot in the deque. */
    static final long ENTRY_OVERHEAD = 64;

    final ReentrantLock lock = new ReentrantLock();

    final String epoch;

    long last;

    boolean retired;

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    // read without the lock to choose what to evict; written under it
    private volatile long bytes;

    volatile long lastPublished;

    volatile long lastUsed;

    SessionHistory(String epoch, long now) {
        this.epoch = epoch;
        this.lastPublished = now;
        this.lastUsed = now;
    }

    /** Keeps one envelope, then drops the oldest beyond the bounds; returns the change in bytes kept. */
    long add(long seq, byte[] json, int maxCount, long maxBytes) {
        long before = this.bytes;
        long size = json.length + ENTRY_OVERHEAD;
        this.entries.addLast(new Entry(seq, json));
        long kept = before + size;
        while (!this.entries.isEmpty() && (this.entries.size() > maxCount || kept > maxBytes)) {
            kept -= this.entries.removeFirst().size();
        }
        this.bytes = kept;
        return kept - before;
    }

    /** Drops the oldest entries until at least {@code wanted} bytes are freed or none is left; returns the bytes and entries freed. */
    long[] dropOldest(long wanted) {
        long freed = 0;
        long count = 0;
        while (freed < wanted && !this.entries.isEmpty()) {
            freed += this.entries.removeFirst().size();
            count++;
        }
        this.bytes -= freed;
        return new long[] { freed, count };
    }

    /** Drops every entry; returns the bytes freed. */
    long clear() {
        long freed = this.bytes;
        this.entries.clear();
        this.bytes = 0;
        return freed;
    }

    /** The first seq still kept; {@code last + 1} when none is. */
    long first() {
        Entry oldest = this.entries.peekFirst();
        return oldest != null ? oldest.seq() : this.last + 1;
    }

    /** The kept envelopes with seq after {@code since}, oldest first. */
    List<byte[]> after(long since) {
        int count = (int) Math.min(this.entries.size(), Math.max(0, this.last - since));
        List<byte[]> newest = new ArrayList<>(count);
        Iterator<Entry> backwards = this.entries.descendingIterator();
        while (backwards.hasNext()) {
            Entry entry = backwards.next();
            if (entry.seq() <= since) {
                break;
            }
            newest.add(entry.json());
        }
        Collections.reverse(newest);
        return newest;
    }

    long bytes() {
        return this.bytes;
    }

    int size() {
        return this.entries.size();
    }

    private record Entry(long seq, byte[] json) {

        long size() {
            return this.json.length + ENTRY_OVERHEAD;
        }
    }
}
