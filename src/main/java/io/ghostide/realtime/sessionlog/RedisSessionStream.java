package io.ghostide.realtime.sessionlog;

import java.util.ArrayList;
import java.util.List;

import io.ghostide.realtime.cluster.RedisKeys;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;

import static io.ghostide.realtime.sessionlog.RedisLogCodec.envelopeOf;
import static io.ghostide.realtime.sessionlog.RedisLogCodec.seqOf;
import static io.ghostide.realtime.sessionlog.RedisLogCodec.text;

/** Reads of one session's history stream and position, for {@link RedisSessionLog}; Redis failures go to the caller. */
final class RedisSessionStream {

    private static final byte[] EPOCH = RedisKeys.bytes("epoch");

    private static final byte[] SEQ = RedisKeys.bytes("seq");

    private RedisSessionStream() {
    }

    /** The entries kept with {@code seq} from {@code from} up to {@code upTo}, oldest first. */
    static List<StreamMessage<byte[], byte[]>> range(RedisCommands<byte[], byte[]> commands, RedisKeys keys,
            String sessionId, long from, long upTo) {
        return commands.xrange(keys.sessionStream(sessionId), Range.create(from + "-0", upTo + "-0"));
    }

    /** The session's epoch and last {@code seq}, each null when the session is gone from Redis. */
    static List<byte @Nullable []> position(RedisCommands<byte[], byte[]> commands, RedisKeys keys, String sessionId) {
        return commands.hmget(keys.sessionMeta(sessionId), EPOCH, SEQ).stream()
                .map(value -> value.getValueOrElse(null)).toList();
    }

    /** See {@link SessionLog#kept}. */
    static @Nullable KeptEntries kept(RedisCommands<byte[], byte[]> commands, RedisKeys keys, String sessionId,
            String epoch, long upTo) {
        if (!epoch.equals(epochOf(commands, keys, sessionId))) {
            return null;
        }
        List<StreamMessage<byte[], byte[]>> read = range(commands, keys, sessionId, 0, upTo);
        // the history started over meanwhile: what was read is of another epoch
        if (!epoch.equals(epochOf(commands, keys, sessionId))) {
            return null;
        }
        List<byte[]> entries = new ArrayList<>(read.size());
        read.forEach(entry -> entries.add(envelopeOf(entry)));
        return new KeptEntries(read.isEmpty() ? upTo + 1 : seqOf(read.get(0)), entries);
    }

    private static @Nullable String epochOf(RedisCommands<byte[], byte[]> commands, RedisKeys keys, String sessionId) {
        byte[] epoch = commands.hget(keys.sessionMeta(sessionId), EPOCH);
        return epoch != null ? text(epoch) : null;
    }
}
