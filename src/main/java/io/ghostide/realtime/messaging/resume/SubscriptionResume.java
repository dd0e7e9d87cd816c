package io.ghostide.realtime.messaging.resume;

import java.util.function.Consumer;

import io.ghostide.realtime.connection.ReaderPacing;
import io.ghostide.realtime.messaging.Destinations;
import io.ghostide.realtime.messaging.EnvelopeWriter;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.Payloads;
import io.ghostide.realtime.messaging.SessionStateSource;
import io.ghostide.realtime.messaging.StateRequests;
import io.ghostide.realtime.sessionlog.LogSnapshot;
import io.ghostide.realtime.sessionlog.ResumePoint;
import io.ghostide.realtime.sessionlog.SessionLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;

/**
 * Starts a subscription to a session topic once the broker holds it: reads the session's
 * position from the log (subscribe, then snapshot), sends the position ({@code subscribed},
 * or the raw adapter's {@code connect}) and the replay of what the client missed, then opens
 * the subscription's gate to live messages. The {@code since} and {@code epoch} headers of the
 * SUBSCRIBE say where a returning client left off.
 * <p>
 * With the header {@code state: true}, or whenever a resume is answered {@code recovered:
 * false}, the message after the position is {@code session_state}: the state of the session at
 * the position's {@code seq}. The capture of that state is begun before the log is read, so the
 * {@link SessionStateSource} knows the state at whatever {@code seq} the read returns (see its
 * implementation for why the two agree); the gate then lets through exactly the messages after
 * that {@code seq}, which are the changes to apply to it.
 * <p>
 * A replay is queued to the connection at once, and may pass its send buffer to do so (it is
 * bounded by the session's history): whatever the history holds is replayed.
 */
@Component
public class SubscriptionResume {

    /** The SUBSCRIBE header with the last {@code seq} the client received. */
    static final String SINCE_HEADER = "since";

    /** The SUBSCRIBE header with the epoch of that {@code seq}. */
    static final String EPOCH_HEADER = "epoch";

    // more than a MESSAGE frame's headers take, per replayed envelope
    private static final int REPLAY_FRAME_OVERHEAD = 512;

    private final SessionLog log;

    private final ResumeGateInterceptor gates;

    private final EnvelopeWriter writer;

    private final MessageChannel clientOutboundChannel;

    private final Counter recovered;

    private final Counter notRecovered;

    private final Counter replayed;

    private final ReaderPacing pacing;

    private final SessionStateSource states;

    SubscriptionResume(@Lazy SessionLog log, ResumeGateInterceptor gates, EnvelopeWriter writer,
            @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel, MeterRegistry meterRegistry,
            ReaderPacing pacing, @Lazy SessionStateSource states) {
        this.pacing = pacing;
        this.states = states;
        this.log = log;
        this.gates = gates;
        this.writer = writer;
        this.clientOutboundChannel = clientOutboundChannel;
        this.recovered = replays(meterRegistry, "true");
        this.notRecovered = replays(meterRegistry, "false");
        this.replayed = Counter.builder("ghostide.resume.messages.replayed")
                .description("Messages sent again to subscribers that resumed")
                .register(meterRegistry);
    }

    private static Counter replays(MeterRegistry meterRegistry, String recovered) {
        return Counter.builder("ghostide.resume.replays")
                .description("Subscriptions that asked to resume, by whether their history could be recovered")
                .tag("recovered", recovered)
                .register(meterRegistry);
    }

    /** The resume point of a SUBSCRIBE, already checked by the guard (or the raw handshake). */
    public static @Nullable ResumePoint resumePointOf(NativeMessageHeaderAccessor subscribe) {
        return ResumePoint.parse(subscribe.getFirstNativeHeader(SINCE_HEADER), subscribe.getFirstNativeHeader(EPOCH_HEADER));
    }

    /**
     * Whether a SUBSCRIBE asks for {@code session_state}: its {@code state} header is
     * {@code true}; absent or {@code false} it does not.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static boolean stateAskedBy(NativeMessageHeaderAccessor subscribe) {
        return StateRequests.parse(subscribe.getFirstNativeHeader(StateRequests.NAME));
    }

    /** Before the broker adds the subscription: from now on its live messages wait for {@link #start}. */
    void prepare(String connectionId, String subscriptionId) {
        this.gates.hold(connectionId, subscriptionId);
    }

    /**
     * After the broker added the subscription: sends the position (through {@code rawReady}
     * for a raw connection, else as a {@code subscribed} message to the subscription), the
     * replay, and opens the way for live messages.
     */
    void start(String connectionId, String subscriptionId, String sessionId, @Nullable ResumePoint from,
            boolean stateAsked, @Nullable Consumer<LogSnapshot> rawReady) {
        LogSnapshot snapshot;
        byte[] state = null;
        // begun before the read whenever the answer may need the state: asked for, or a resume that may not recover
        try (SessionStateSource.Capture capture = stateAsked || from != null ? this.states.beginCapture(sessionId) : null) {
            snapshot = this.log.read(sessionId, from);
            if (capture != null && (stateAsked || Boolean.FALSE.equals(snapshot.recovered()))) {
                state = stateMessage(capture, sessionId, snapshot);
            }
        }
        if (snapshot.recovered() != null) {
            (snapshot.recovered() ? this.recovered : this.notRecovered).increment();
            this.replayed.increment(snapshot.missed().size());
        }
        byte[] stateJson = state;
        String destination = Destinations.sessionTopic(sessionId);
        this.gates.open(connectionId, subscriptionId, snapshot.seq(), () -> {
            if (rawReady != null) {
                rawReady.accept(snapshot);
            }
            else {
                send(connectionId, subscriptionId, destination, this.writer.write(MessageType.SUBSCRIBED, sessionId, null,
                        new Payloads.Subscribed(snapshot.epoch(), snapshot.seq(), snapshot.recovered(), snapshot.missedCount())));
            }
            if (stateJson != null) {
                send(connectionId, subscriptionId, destination, stateJson);
            }
            // the whole replay is queued at once: it may pass the send buffer, bounded by the session's history
            this.pacing.replaying(connectionId, replayBytes(snapshot), () -> {
                for (byte[] json : snapshot.missed()) {
                    send(connectionId, subscriptionId, destination, json);
                }
            });
        });
    }

    // session_state, or the error that tells the client to reload the state another way
    private byte[] stateMessage(SessionStateSource.Capture capture, String sessionId, LogSnapshot snapshot) {
        try {
            return this.writer.write(MessageType.SESSION_STATE, sessionId, null,
                    capture.stateAt(snapshot.epoch(), snapshot.seq()));
        }
        catch (SessionStateSource.SessionStateUnavailableException ex) {
            return this.writer.write(MessageType.ERROR, sessionId, null, new Payloads.Error("Session state unavailable",
                    ex.getMessage() + "; reload the files over REST and the presence with the presence command", 503));
        }
    }

    // the envelopes, and a STOMP frame's headers for each (destination, subscription, message-id, length)
    private static long replayBytes(LogSnapshot snapshot) {
        long bytes = 0;
        for (byte[] json : snapshot.missed()) {
            bytes += json.length + REPLAY_FRAME_OVERHEAD;
        }
        return bytes;
    }

    /** Forgets what {@link #prepare} set up: the subscription failed, ended, or its connection did. */
    void end(String connectionId, @Nullable String subscriptionId) {
        this.gates.discard(connectionId, subscriptionId);
    }

    private void send(String connectionId, String subscriptionId, String destination, byte[] json) {
        SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        accessor.setSessionId(connectionId);
        accessor.setSubscriptionId(subscriptionId);
        accessor.setDestination(destination);
        accessor.setContentType(MimeTypeUtils.APPLICATION_JSON);
        accessor.setLeaveMutable(true);
        this.clientOutboundChannel.send(MessageBuilder.createMessage(json, accessor.getMessageHeaders()));
    }
}
