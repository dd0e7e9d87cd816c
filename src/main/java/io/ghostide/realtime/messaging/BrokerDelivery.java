package io.ghostide.realtime.messaging;

import io.ghostide.realtime.sessionlog.SessionLogListener;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;

/**
 * Delivers the session log's entries to this instance's message broker, which fans each out
 * to every subscriber of {@code /topic/session/{id}}, STOMP and raw alike, as one
 * {@link PreparedEnvelope} made per publish. The envelope and the {@link #SEQ_HEADER} carry its
 * {@code seq}, so the resume step can tell a live message it already replayed without parsing
 * its JSON.
 * The {@link SessionStateSource} sees each entry first, on the same thread, so the state it
 * keeps is never behind what a subscriber has been sent.
 */
@Component
public class BrokerDelivery implements SessionLogListener {

    /** The header carrying a published message's {@code seq} through the broker. */
    public static final String SEQ_HEADER = "ghostideSeq";

    private final SimpMessageSendingOperations broker;

    // resolved at the first delivery: the source depends on features that publish through the log
    private final ObjectProvider<SessionStateSource> stateSource;

    private volatile @Nullable SessionStateSource states;

    BrokerDelivery(SimpMessageSendingOperations broker, ObjectProvider<SessionStateSource> stateSource) {
        this.broker = broker;
        this.stateSource = stateSource;
    }

    @Override
    public void onAppended(String sessionId, long seq, byte[] json) {
        SessionStateSource source = states();
        if (source != null) {
            source.onDelivered(sessionId, seq, json);
        }
        String destination = Destinations.sessionTopic(sessionId);
        SimpMessageHeaderAccessor accessor = jsonHeaders(destination, null);
        accessor.setHeader(SEQ_HEADER, seq);
        // made once here, handed as it is to every subscriber (PreparedFanOutHandler)
        this.broker.send(destination, MessageBuilder.createMessage(new PreparedEnvelope(destination, seq, json),
                accessor.getMessageHeaders()));
    }

    @Override
    public void onUnfollowed(String sessionId) {
        SessionStateSource source = states();
        if (source != null) {
            source.onUnfollowed(sessionId);
        }
    }

    private @Nullable SessionStateSource states() {
        SessionStateSource source = this.states;
        if (source == null) {
            source = this.stateSource.getIfAvailable();
            this.states = source;
        }
        return source;
    }

    /**
     * Hands an envelope without a seq to every subscriber of the session, except those with
     * {@code dropAtBacklog} bytes or more still to write (see {@link TransientMessageInterceptor}): for
     * what is worth sending only now, such as where a user's cursor is.
     */
    @Override
    public void onTransient(String sessionId, byte[] json, long dropAtBacklog) {
        sendTransient(sessionId, json, dropAtBacklog);
    }

    void sendTransient(String sessionId, byte[] json, long dropAtBacklog) {
        String destination = Destinations.sessionTopic(sessionId);
        SimpMessageHeaderAccessor accessor = jsonHeaders(destination, null);
        accessor.setHeader(TransientMessageInterceptor.DROP_AT_BACKLOG_HEADER, dropAtBacklog);
        this.broker.send(destination, MessageBuilder.createMessage(json, accessor.getMessageHeaders()));
    }

    /** Sends one envelope to one connection, without a seq. */
    void sendToConnection(String connectionId, byte[] json) {
        // a user destination named after the connection id itself resolves to that connection alone
        String destination = "/user/" + connectionId + Destinations.REPLIES_QUEUE;
        this.broker.send(destination, MessageBuilder.createMessage(json,
                jsonHeaders(destination, connectionId).getMessageHeaders()));
    }

    /** The {@code seq} a message of a session topic carries, or {@code null} for any other message. */
    public static @Nullable Long seqOf(MessageHeaders headers) {
        return headers.get(SEQ_HEADER) instanceof Long seq ? seq : null;
    }

    private static SimpMessageHeaderAccessor jsonHeaders(String destination, @Nullable String connectionId) {
        SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        accessor.setDestination(destination);
        accessor.setContentType(MimeTypeUtils.APPLICATION_JSON);
        if (connectionId != null) {
            accessor.setSessionId(connectionId);
        }
        accessor.setLeaveMutable(true);
        return accessor;
    }
}
