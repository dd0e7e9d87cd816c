package io.ghostide.realtime.sessionlog;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import io.ghostide.realtime.cluster.RedisKeys;
import io.lettuce.core.StreamMessage;

/** How the Redis session log writes and reads its values: epochs, numbers, stream entries, channel messages. */
final class RedisLogCodec {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final byte[] ENTRY = RedisKeys.bytes("e");

    /** One message of a session's channel: {@code seq:epoch:envelope}. */
    record Published(long seq, String epoch, byte[] json) {
    }

    private RedisLogCodec() {
    }

    static Published parse(byte[] message) {
        int first = indexOf(message, 0);
        int second = indexOf(message, first + 1);
        long seq = Long.parseLong(new String(message, 0, first, StandardCharsets.US_ASCII));
        String epoch = new String(message, first + 1, second - first - 1, StandardCharsets.US_ASCII);
        return new Published(seq, epoch, Arrays.copyOfRange(message, second + 1, message.length));
    }

    static String newEpoch() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] number(long value) {
        return RedisKeys.bytes(Long.toString(value));
    }

    static String text(Object value) {
        return new String((byte[]) value, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] message, int from) {
        for (int i = from; i < message.length; i++) {
            if (message[i] == ':') {
                return i;
            }
        }
        throw new IllegalArgumentException("Not a session log message");
    }

    static byte[] envelopeOf(StreamMessage<byte[], byte[]> entry) {
        // byte[] keys compare by identity: look the field up by content
        for (Map.Entry<byte[], byte[]> field : entry.getBody().entrySet()) {
            if (Arrays.equals(field.getKey(), ENTRY)) {
                return field.getValue();
            }
        }
        throw new IllegalStateException("History entry " + entry.getId() + " has no envelope");
    }

    /** The {@code seq} of a stream entry, whose id is {@code seq-0}. */
    static long seqOf(StreamMessage<byte[], byte[]> entry) {
        return Long.parseLong(entry.getId().substring(0, entry.getId().indexOf('-')));
    }

}
