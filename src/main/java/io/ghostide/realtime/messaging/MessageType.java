package io.ghostide.realtime.messaging;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonValue;
import io.ghostide.realtime.identity.Permission;
import org.jspecify.annotations.Nullable;

/** Every message type of the contract, with its wire name and the direction it travels. */
public enum MessageType {

    // server to client
    CONNECT("connect", Direction.TO_CLIENT),
    DISCONNECT("disconnect", Direction.TO_CLIENT),
    PONG("pong", Direction.TO_CLIENT),
    EXECUTION_START("execution_start", Direction.TO_CLIENT),
    EXECUTION_OUTPUT("execution_output", Direction.TO_CLIENT),
    EXECUTION_COMPLETE("execution_complete", Direction.TO_CLIENT),
    EXECUTION_ERROR("execution_error", Direction.TO_CLIENT),
    AI_TYPING("ai_typing", Direction.TO_CLIENT),
    AI_RESPONSE("ai_response", Direction.TO_CLIENT),
    AI_RESPONSE_CHUNK("ai_response_chunk", Direction.TO_CLIENT),
    AI_ERROR("ai_error", Direction.TO_CLIENT),
    HOOK_TRIGGERED("hook_triggered", Direction.TO_CLIENT),
    SESSION_UPDATE("session_update", Direction.TO_CLIENT),
    FILE_SAVED("file_saved", Direction.TO_CLIENT),
    ERROR("error", Direction.TO_CLIENT),
    SUBSCRIBED("subscribed", Direction.TO_CLIENT),
    PRESENCE_JOIN("presence_join", Direction.TO_CLIENT),
    PRESENCE_LEAVE("presence_leave", Direction.TO_CLIENT),
    TOKEN_EXPIRING("token_expiring", Direction.TO_CLIENT),
    AUTH_REFRESHED("auth_refreshed", Direction.TO_CLIENT),
    DOC_STATE("doc_state", Direction.TO_CLIENT),
    DOC_UPDATE("doc_update", Direction.TO_CLIENT),
    DOC_REJECTED("doc_rejected", Direction.TO_CLIENT),
    SESSION_STATE("session_state", Direction.TO_CLIENT),

    // both ways: a client's input to a run, published to the session as it was typed
    EXECUTION_INPUT("execution_input", Direction.BOTH, ClientCommands.ExecutionInput.class, Permission.RUN_CODE),
    // both ways: where a user is in a shared document, passed on to the session without a seq
    AWARENESS("awareness", Direction.BOTH, ClientCommands.Awareness.class, Permission.READ_SESSION),

    // client to server
    PING("ping", Direction.TO_SERVER, null, Permission.READ_SESSION),
    EXECUTE_CODE("execute_code", Direction.TO_SERVER, ClientCommands.ExecuteCode.class, Permission.RUN_CODE),
    GHOST_CHAT("ghost_chat", Direction.TO_SERVER, ClientCommands.GhostChat.class, Permission.CHAT),
    SAVE_FILE("save_file", Direction.TO_SERVER, ClientCommands.SaveFile.class, Permission.WRITE_FILES),
    EXECUTION_STOP("execution_stop", Direction.TO_SERVER, ClientCommands.ExecutionStop.class, Permission.RUN_CODE),
    DOC_OPEN("doc_open", Direction.TO_SERVER, ClientCommands.DocOpen.class, Permission.READ_SESSION),
    DOC_PUSH("doc_push", Direction.TO_SERVER, ClientCommands.DocPush.class, Permission.WRITE_FILES),
    /** A command whose reply to the sender has the same type: who is in the session. */
    PRESENCE("presence", Direction.TO_SERVER, ClientCommands.Presence.class, Permission.READ_SESSION),
    /** A new token for the sending connection; sent to a session the current token reaches, like any command. */
    AUTH_REFRESH("auth_refresh", Direction.TO_SERVER, ClientCommands.AuthRefresh.class, Permission.READ_SESSION);

    /** Which way a message type travels. */
    public enum Direction { TO_CLIENT, TO_SERVER, BOTH }

    private static final Map<String, MessageType> BY_WIRE_NAME = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(MessageType::wireName, Function.identity()));

    private final String wireName;

    private final Direction direction;

    private final @Nullable Class<?> commandPayload;

    private final Permission permission;

    MessageType(String wireName, Direction direction) {
        this(wireName, direction, null, Permission.ADMINISTER);
    }

    MessageType(String wireName, Direction direction, @Nullable Class<?> commandPayload, Permission permission) {
        this.wireName = wireName;
        this.direction = direction;
        this.commandPayload = commandPayload;
        this.permission = permission;
    }

    /** The name on the wire, as in {@code "execution_output"}. */
    @JsonValue
    public String wireName() {
        return this.wireName;
    }

    public Direction direction() {
        return this.direction;
    }

    /** Whether a client may send this type as a command. */
    public boolean fromClient() {
        return this.direction != Direction.TO_CLIENT;
    }

    /** The record a client command's {@code data} binds to; null for types without data to bind. */
    public @Nullable Class<?> commandPayload() {
        return this.commandPayload;
    }

    /** What a client needs to send this command (see {@link io.ghostide.realtime.identity.Role}). */
    public Permission permission() {
        return this.permission;
    }

    /** The type with this wire name, or {@code null} when there is none. */
    public static @Nullable MessageType fromWireName(@Nullable String wireName) {
        return wireName == null ? null : BY_WIRE_NAME.get(wireName);
    }
}
