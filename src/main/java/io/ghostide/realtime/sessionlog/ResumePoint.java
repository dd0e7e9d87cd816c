package io.ghostide.realtime.sessionlog;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Where a returning subscriber left off: the last {@code seq} it received and the epoch it
 * belonged to ({@code null} when the client did not say, which recovers only from 0).
 *
 * @param since the last {@code seq} received, 0 or more
 * @param epoch the epoch of that {@code seq}
 */
public record ResumePoint(long since, @Nullable String epoch) {

    /** The largest {@code since} accepted: the largest integer a JavaScript number holds exactly. */
    public static final long MAX_SINCE = (1L << 53) - 1;

    /** What an epoch looks like on the wire. */
    public static final String EPOCH_PATTERN = "^[A-Za-z0-9_-]{1,64}$";

    private static final Pattern EPOCH = Pattern.compile(EPOCH_PATTERN);

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,16}");

    public ResumePoint {
        if (since < 0 || since > MAX_SINCE) {
            throw new InvalidResumePointException("'since' must be a whole number from 0 to " + MAX_SINCE);
        }
        if (epoch != null && !EPOCH.matcher(epoch).matches()) {
            throw new InvalidResumePointException("'epoch' must match " + EPOCH_PATTERN);
        }
    }

    /**
     * The resume point a client asked for with the text of its {@code since} and {@code epoch}
     * parameters: {@code null} without {@code since} (nothing to replay).
     *
     * @throws InvalidResumePointException naming the parameter that is malformed
     */
    public static @Nullable ResumePoint parse(@Nullable String since, @Nullable String epoch) {
        if (epoch != null && !EPOCH.matcher(epoch).matches()) {
            throw new InvalidResumePointException("'epoch' must match " + EPOCH_PATTERN);
        }
        if (since == null) {
            return null;
        }
        if (!DIGITS.matcher(since).matches()) {
            throw new InvalidResumePointException("'since' must be a whole number from 0 to " + MAX_SINCE
                    + ", the last seq received");
        }
        return new ResumePoint(Long.parseLong(since), epoch);
    }

    /** Whether this point lies in the history {@code epoch} whose retained entries are {@code first..last}. */
    public boolean recoverableFrom(String currentEpoch, long first, long last) {
        if (this.since > last) {
            // ahead of the session: a client of another history
            return false;
        }
        if (this.epoch == null ? this.since != 0 : !this.epoch.equals(currentEpoch)) {
            return false;
        }
        return this.since >= first - 1;
    }
}
