package io.ghostide.realtime.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

import io.ghostide.realtime.sessionlog.UnsequencedEnvelope;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Serializes envelopes, once per message, with the application's JSON mapper (snake_case keys). */
@Component
public class EnvelopeWriter {

    private static final Long PLACEHOLDER_SEQ = 0L;

    private static final byte[] PLACEHOLDER = ",\"seq\":0,".getBytes(StandardCharsets.US_ASCII);

    private final JsonMapper jsonMapper;

    private final Clock clock;

    EnvelopeWriter(JsonMapper jsonMapper, Clock clock) {
        this.jsonMapper = jsonMapper;
        this.clock = clock;
    }

    /** The JSON bytes of one envelope; {@code seq} is {@code null} for replies to one connection. */
    public byte[] write(MessageType type, String sessionId, @Nullable Long seq, Object data) {
        return this.jsonMapper.writeValueAsBytes(new Envelope(type, now(), sessionId, seq, data));
    }

    /**
     * The JSON of an envelope published to a session, split where its {@code seq} goes, so
     * that the session log writes the {@code seq} in once it has assigned one.
     */
    public UnsequencedEnvelope writeUnsequenced(MessageType type, String sessionId, Object data) {
        byte[] json = write(type, sessionId, PLACEHOLDER_SEQ, data);
        // the first match is the envelope's own seq: type, timestamp and session_id come before it
        // and none of them can hold a quote
        int at = indexOf(json, PLACEHOLDER);
        if (at < 0) {
            throw new IllegalStateException("No seq in envelope " + new String(json, StandardCharsets.UTF_8));
        }
        int valueStart = at + PLACEHOLDER.length - 2;
        return new UnsequencedEnvelope(Arrays.copyOfRange(json, 0, valueStart),
                Arrays.copyOfRange(json, valueStart + 1, json.length));
    }

    /** Where {@code part} first occurs in {@code json}, or -1. */
    public static int indexOf(byte[] json, byte[] part) {
        outer:
        for (int i = 0; i <= json.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (json[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The current time as envelopes carry it: UTC, millisecond precision. */
    public Instant now() {
        return Instant.now(this.clock).truncatedTo(ChronoUnit.MILLIS);
    }
}
