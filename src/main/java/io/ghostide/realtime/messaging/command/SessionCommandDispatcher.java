package io.ghostide.realtime.messaging.command;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.messaging.CommandContext;
import io.ghostide.realtime.messaging.CommandRejectedException;
import io.ghostide.realtime.messaging.EnvelopeWriter;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.Payloads;
import io.ghostide.realtime.messaging.SessionCommandHandler;
import io.ghostide.realtime.system.JsonReadLimits;
import io.ghostide.realtime.system.SharedStateUnavailableException;
import io.ghostide.realtime.system.Violations;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a client's frame, from either transport (STOMP SENDs to {@code /app/session/{id}}, raw
 * text frames), into a call of its command's handler: within the connection's rate limits
 * ({@link CommandRateLimit}) and role, parsed, bound and validated first. Whatever is wrong is
 * answered with an {@code error} to the sending connection alone, which stays open; every such
 * {@code error} is made in {@link #reject}, which echoes the command's {@code request_id}.
 */
@Component
class SessionCommandDispatcher {

    private static final Log logger = LogFactory.getLog(SessionCommandDispatcher.class);

    // the longest request_id echoed, as execute_code bounds its own
    private static final int MAX_REQUEST_ID = 64;

    private static final String ACCEPTED_TYPES = Stream.of(MessageType.values())
            .filter(MessageType::fromClient)
            .map(MessageType::wireName)
            .collect(Collectors.joining(", "));

    private final Map<MessageType, SessionCommandHandler<?>> handlers = new EnumMap<>(MessageType.class);

    private final JsonMapper jsonMapper;

    private final Validator validator;

    private final MessageRouter router;

    private final EnvelopeWriter writer;

    private final CommandRateLimit rate;

    private final JsonReadLimits jsonLimits;

    SessionCommandDispatcher(List<SessionCommandHandler<?>> handlers, JsonMapper jsonMapper, Validator validator,
            MessageRouter router, EnvelopeWriter writer, CommandRateLimit rate, JsonReadLimits jsonLimits) {
        for (SessionCommandHandler<?> handler : handlers) {
            SessionCommandHandler<?> previous = this.handlers.put(handler.type(), handler);
            if (previous != null || handler.type().commandPayload() != handler.payloadType()) {
                throw new IllegalStateException("One handler per client command expected, got " + handler
                        + " for " + handler.type().wireName());
            }
        }
        this.jsonMapper = jsonMapper;
        this.validator = validator;
        this.router = router;
        this.writer = writer;
        this.rate = rate;
        this.jsonLimits = jsonLimits;
    }

    void dispatch(CommandContext commandContext, Caller caller, byte[] frame) {
        JsonNode root;
        try {
            root = this.jsonMapper.readTree(frame);
        }
        catch (JacksonException ex) {
            Sender context = new Sender(commandContext, null);
            if (withinRate(context, null)) {
                JsonReadLimits.Refusal refusal = this.jsonLimits.refusalOf(ex);
                if (refusal != null) {
                    reject(context, refusal.status(), refusal.title(), refusal.detail());
                }
                else {
                    reject(context, 400, "Invalid message format", "The frame is not valid JSON: " + ex.getOriginalMessage());
                }
            }
            return;
        }
        Sender context = new Sender(commandContext, requestIdOf(root));
        JsonNode typeNode = root != null && root.isObject() ? root.get("type") : null;
        MessageType type = MessageType.fromWireName(typeNode != null && typeNode.isString() ? typeNode.asString() : null);
        // every frame counts, a bad one too: answering it costs as much
        if (!withinRate(context, type)) {
            return;
        }
        if (root == null || !root.isObject()) {
            reject(context, 400, "Invalid message format", "A message is a JSON object with a \"type\" and \"data\"");
            return;
        }
        if (type == null || !type.fromClient()) {
            String given = typeNode == null ? "no type" : "type " + typeNode;
            reject(context, 400, "Unknown message type", "Got " + given + "; a client may send " + ACCEPTED_TYPES);
            return;
        }
        if (!caller.may(type.permission(), commandContext.sessionId())) {
            // the role's limit, or a session outside the caller's; the connection stays open
            reject(context, 403, "Forbidden", caller.covers(commandContext.sessionId())
                    ? type.wireName() + " needs a role that may " + type.permission().name().toLowerCase(java.util.Locale.ROOT)
                            + "; this connection's role is " + caller.role().claimValue()
                    : "This connection may not reach session " + commandContext.sessionId());
            return;
        }
        if (caller.expired(this.writer.now())) {
            reject(context, 401, "Token expired", "Reconnect with a fresh token");
            return;
        }
        JsonNode data = root.get("data");
        if (type == MessageType.PING) {
            pong(context, root, data);
            return;
        }
        Object payload = bind(context, type, Objects.requireNonNull(type.commandPayload()), data);
        if (payload == null) {
            return;
        }
        SessionCommandHandler<?> handler = this.handlers.get(type);
        if (handler == null) {
            reject(context, 501, "Not implemented", type.wireName() + " is not implemented by this server yet");
            return;
        }
        handle(context, type, handler, payload);
    }

    /** The frame's {@code data.request_id} when it is a string of 1 to 64 characters, else null. */
    private static @Nullable String requestIdOf(@Nullable JsonNode root) {
        JsonNode data = root != null && root.isObject() ? root.get("data") : null;
        JsonNode id = data != null && data.isObject() ? data.get("request_id") : null;
        if (id == null || !id.isString()) {
            return null;
        }
        String value = id.asString();
        return value.isEmpty() || value.length() > MAX_REQUEST_ID ? null : value;
    }

    /**
     * Takes the frame's tokens from the connection's buckets; false (and the sender told, or cut
     * off when it keeps pushing) when it is over its limit.
     */
    private boolean withinRate(Sender context, @Nullable MessageType type) {
        return this.rate.admits(context.command(), type, context.requestId());
    }

    /** Binds and validates a command's data; null (and the sender told why) when it is invalid. */
    private @Nullable Object bind(Sender context, MessageType type, Class<?> payloadType,
            @Nullable JsonNode data) {
        Object payload;
        try {
            payload = this.jsonMapper.treeToValue(data != null && data.isObject() ? data : this.jsonMapper.createObjectNode(),
                    payloadType);
        }
        catch (JacksonException ex) {
            reject(context, 400, "Invalid data for " + type.wireName(), ex.getOriginalMessage());
            return null;
        }
        Set<ConstraintViolation<Object>> violations = this.validator.validate(payload);
        if (!violations.isEmpty()) {
            reject(context, 400, "Invalid data for " + type.wireName(), Violations.describe(violations));
            return null;
        }
        return payload;
    }

    @SuppressWarnings("unchecked")
    private <T> void handle(Sender context, MessageType type, SessionCommandHandler<T> handler,
            Object payload) {
        try {
            handler.handle(context.command(), (T) payload);
        }
        catch (CommandRejectedException ex) {
            reject(context, ex.code(), ex.getMessage(), ex.detail());
        }
        catch (SharedStateUnavailableException ex) {
            // Redis is away (redis mode): expected while it restarts, and the command did nothing
            logger.warn("Could not handle " + type.wireName() + " for session " + context.command().sessionId() + ": "
                    + ex.getMessage());
            reject(context, 503, "Service unavailable", ex.getMessage());
        }
        catch (RuntimeException ex) {
            logger.error("Handler of " + type.wireName() + " failed for session " + context.command().sessionId(), ex);
            reject(context, 500, "Internal error", "The server could not handle " + type.wireName());
        }
    }

    private void pong(Sender sender, JsonNode root, JsonNode data) {
        CommandContext context = sender.command();
        JsonNode stamp = root.get("timestamp");
        if ((stamp == null || stamp.isNull()) && data != null && data.isObject()) {
            stamp = data.get("timestamp");
        }
        Object timestamp = (stamp == null || stamp.isNull()) ? this.writer.now() : stamp;
        this.router.publishToConnection(context.connectionId(), context.sessionId(), MessageType.PONG,
                new Payloads.Pong(timestamp));
    }

    /** The one place a refused frame's {@code error} is made: to its sender alone, with its request id. */
    private void reject(Sender context, int code, String error, String detail) {
        CommandContext command = context.command();
        if (logger.isDebugEnabled()) {
            logger.debug("Rejected a frame from connection " + command.connectionId() + ": " + error + ": " + detail);
        }
        this.router.publishToConnection(command.connectionId(), command.sessionId(), MessageType.ERROR,
                new Payloads.Error(error, detail, code, context.requestId()));
    }

    /** A frame's sender, and the {@code request_id} its data named, which every error about it echoes. */
    private record Sender(CommandContext command, @Nullable String requestId) {
    }
}
