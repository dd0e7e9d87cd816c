package io.ghostide.realtime.messaging.raw;

import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.ghostide.realtime.connection.CloseReason;
import io.ghostide.realtime.connection.ConnectionCaps;
import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.connection.JoinResult;
import io.ghostide.realtime.connection.Refusal;
import io.ghostide.realtime.connection.ManagedConnections;
import io.ghostide.realtime.messaging.resume.SubscriptionReadyInterceptor;
import io.ghostide.realtime.messaging.Destinations;
import io.ghostide.realtime.connection.PreparedFrame;
import io.ghostide.realtime.messaging.stomp.EnvelopeOutlets;
import io.ghostide.realtime.messaging.EnvelopeWriter;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.Payloads;
import io.ghostide.realtime.messaging.StateRequests;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The plain-JSON adapter. Toward the broker it behaves as a STOMP client would: CONNECT,
 * SUBSCRIBE to {@code /user/queue/replies} and to the session's topic, a SEND to
 * {@code /app/session/{id}} per text frame, DISCONNECT at the end. From the broker it takes
 * each session message as the envelope's own bytes, prepared once per publish (through
 * {@link EnvelopeOutlets}), and the other MESSAGE frames of its connections off the client
 * outbound channel, writing their JSON payload as is, one text frame each.
 */
class RawWebSocketHandler implements WebSocketHandler, MessageHandler, SmartLifecycle {

    private static final Log logger = LogFactory.getLog(RawWebSocketHandler.class);

    static final String TOPIC_SUBSCRIPTION = "raw-session";

    private static final String REPLIES_SUBSCRIPTION = "raw-replies";

    private static final byte[] EMPTY = new byte[0];

    // connection id -> raw connection
    private final Map<String, RawConnection> connections = new ConcurrentHashMap<>();

    private final SubscribableChannel clientInboundChannel;

    private final SubscribableChannel clientOutboundChannel;

    private final ConnectionRegistry registry;

    private final EnvelopeWriter writer;

    private final ConnectionCaps caps;

    private final EnvelopeOutlets outlets;

    private volatile boolean running;

    RawWebSocketHandler(SubscribableChannel clientInboundChannel, SubscribableChannel clientOutboundChannel,
            ConnectionRegistry registry, EnvelopeWriter writer, ConnectionCaps caps, EnvelopeOutlets outlets) {
        this.outlets = outlets;
        this.clientInboundChannel = clientInboundChannel;
        this.clientOutboundChannel = clientOutboundChannel;
        this.registry = registry;
        this.writer = writer;
        this.caps = caps;
    }

    // ---- from the socket

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) {
        String sessionId = (String) socket.getAttributes().get(RawHandshakeInterceptor.SESSION_ID_ATTRIBUTE);
        if (sessionId == null) {
            // not the URI: its query may carry an access token
            throw new IllegalStateException("Raw connection without a session id: " + socket.getId());
        }
        JoinResult joined = this.registry.join(socket.getId(), TOPIC_SUBSCRIPTION, sessionId);
        if (joined != JoinResult.JOINED) {
            // lost the race for the last place (or the client's last share of it) after the upgrade;
            // a connection gone while it joined is past telling, and is closed all the same
            refuse(socket, sessionId, this.caps.refusal(
                    joined == JoinResult.UNKNOWN_CONNECTION ? JoinResult.SESSION_FULL : joined, sessionId));
            return;
        }
        RawConnection connection = new RawConnection(socket, sessionId,
                new OrderedMessageChannelDecorator(this.clientInboundChannel, logger));
        this.connections.put(connection.id(), connection);
        // the broker's prepared session messages: the envelope's own bytes, the same for every subscriber
        this.outlets.register(connection.id(), (subscriptionId, envelope) -> connection.deliver(envelope.rawFrame()));

        StompHeaderAccessor connect = stompFrame(StompCommand.CONNECT, connection);
        connect.setAcceptVersion("1.2");
        connect.setHeartbeat(0, 0);
        connect.setHeader(SimpMessageHeaderAccessor.HEART_BEAT_HEADER, new long[] { 0, 0 });
        send(connection, connect, EMPTY);

        StompHeaderAccessor replies = stompFrame(StompCommand.SUBSCRIBE, connection);
        replies.setSubscriptionId(REPLIES_SUBSCRIPTION);
        replies.setDestination(Destinations.USER_REPLIES);
        send(connection, replies, EMPTY);

        StompHeaderAccessor topic = stompFrame(StompCommand.SUBSCRIBE, connection);
        topic.setSubscriptionId(TOPIC_SUBSCRIPTION);
        topic.setDestination(Destinations.sessionTopic(sessionId));
        // where a returning client left off, checked at the upgrade; read as a STOMP client's headers are
        if (socket.getAttributes().get(RawHandshakeInterceptor.SINCE_ATTRIBUTE) instanceof String since) {
            topic.setNativeHeader("since", since);
        }
        if (socket.getAttributes().get(RawHandshakeInterceptor.EPOCH_ATTRIBUTE) instanceof String epoch) {
            topic.setNativeHeader("epoch", epoch);
        }
        if (Boolean.TRUE.equals(socket.getAttributes().get(RawHandshakeInterceptor.STATE_ATTRIBUTE))) {
            topic.setNativeHeader(StateRequests.NAME, "true");
        }
        SubscriptionReadyInterceptor.attach(topic, snapshot -> connection.ready(this.writer.write(MessageType.CONNECT, sessionId,
                null, new Payloads.Connect("connected", connection.id(), snapshot.epoch(), snapshot.seq(),
                        snapshot.recovered(), snapshot.missedCount()))));
        send(connection, topic, EMPTY);
    }

    @Override
    public void handleMessage(WebSocketSession socket, WebSocketMessage<?> message) {
        RawConnection connection = this.connections.get(socket.getId());
        if (connection == null) {
            return;
        }
        if (message instanceof TextMessage text) {
            StompHeaderAccessor command = stompFrame(StompCommand.SEND, connection);
            command.setDestination(Destinations.sessionCommands(connection.sessionId));
            send(connection, command, text.asBytes());
        }
        else if (message instanceof BinaryMessage) {
            connection.deliver(new TextMessage(this.writer.write(MessageType.ERROR, connection.sessionId, null,
                    new Payloads.Error("Invalid message format", "Send JSON envelopes as text frames, not binary", 400))));
        }
    }

    @Override
    public void handleTransportError(WebSocketSession socket, Throwable exception) {
        // a reset or broken socket; the container closes it and afterConnectionClosed cleans up
        if (logger.isDebugEnabled()) {
            logger.debug("Transport error on raw connection " + socket.getId() + ": " + exception);
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus closeStatus) {
        RawConnection connection = this.connections.remove(socket.getId());
        if (connection != null) {
            this.outlets.unregister(connection.id());
            send(connection, stompFrame(StompCommand.DISCONNECT, connection), EMPTY);
        }
    }

    @Override
    public boolean supportsPartialMessages() {
        // the container assembles each message, up to ghostide.connection.max-frame-size
        return false;
    }

    // ---- from the broker

    @Override
    public void handleMessage(Message<?> message) {
        String connectionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        RawConnection connection = connectionId != null ? this.connections.get(connectionId) : null;
        if (connection == null) {
            // another transport's connection, or one that just closed; not ours to write
            return;
        }
        SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
        if (type == SimpMessageType.MESSAGE && message.getPayload() instanceof byte[] json) {
            // a reply to this connection or a replay, for it alone
            connection.deliver(new PreparedFrame(json));
        }
        else if (type == SimpMessageType.OTHER && StompHeaderAccessor.wrap(message).getCommand() == StompCommand.ERROR) {
            // the broker side refused this connection; tell the client why, then close
            String reason = StompHeaderAccessor.wrap(message).getMessage();
            connection.deliver(new TextMessage(this.writer.write(MessageType.ERROR, connection.sessionId, null,
                    new Payloads.Error("Refused", reason != null ? reason : "Refused by the server", 400))));
            try {
                connection.socket.close(CloseStatus.POLICY_VIOLATION);
            }
            catch (Exception ex) {
                // already closing
            }
        }
    }

    // ---- helpers

    private void refuse(WebSocketSession socket, String sessionId, Refusal refusal) {
        CloseReason reason = refusal.reason();
        String text = reason.status().getReason();
        try {
            socket.sendMessage(new TextMessage(this.writer.write(MessageType.ERROR, sessionId, null,
                    new Payloads.Error(text, refusal.message(), refusal.code()))));
            socket.sendMessage(new TextMessage(this.writer.write(MessageType.DISCONNECT, sessionId, null,
                    new Payloads.Disconnect(reason.status().getCode(), text))));
            socket.close(reason.status());
        }
        catch (Exception ex) {
            // the client left already
        }
    }

    private static StompHeaderAccessor stompFrame(StompCommand command, RawConnection connection) {
        StompHeaderAccessor accessor = StompHeaderAccessor.create(command);
        accessor.setSessionId(connection.id());
        accessor.setSessionAttributes(connection.stompAttributes);
        Principal user = connection.socket.getPrincipal();
        if (user != null) {
            accessor.setUser(user);
        }
        accessor.setLeaveMutable(true);
        return accessor;
    }

    private static void send(RawConnection connection, StompHeaderAccessor accessor, byte[] payload) {
        @Nullable Message<byte[]> message = MessageBuilder.createMessage(payload, accessor.getMessageHeaders());
        connection.inbound.send(message);
    }

    // ---- lifecycle: listen to the outbound channel while running

    @Override
    public void start() {
        this.clientOutboundChannel.subscribe(this);
        this.running = true;
    }

    @Override
    public void stop() {
        this.clientOutboundChannel.unsubscribe(this);
        this.running = false;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return ManagedConnections.PHASE;
    }
}
