package io.ghostide.realtime.messaging;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Serializes envelopes, once per message, with the application's JSON mapper (snake_case keys). */
@Component
public class EnvelopeWriter {

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

    /** The current time as envelopes carry it: UTC, millisecond precision. */
    public Instant now() {
        return Instant.now(this.clock).truncatedTo(ChronoUnit.MILLIS);
    }
}
