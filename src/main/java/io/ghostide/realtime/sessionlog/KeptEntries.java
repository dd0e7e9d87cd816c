package io.ghostide.realtime.sessionlog;

import java.util.List;

/**
 * The entries of a session's history still kept up to a {@code seq}, oldest first.
 *
 * @param first the {@code seq} of the first of {@code entries} (one past the asked {@code seq} when none is kept)
 * @param entries the envelopes with {@code seq} {@code first}, {@code first + 1}, ... without a gap
 */
public record KeptEntries(long first, List<byte[]> entries) {
}
