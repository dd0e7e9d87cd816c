package io.ghostide.realtime.connection;

import org.springframework.web.socket.CloseStatus;

/** Why the server closed a connection on its own, with the close status the client sees. */
public enum CloseReason {

    FRAME_TOO_LARGE("frame_too_large", new CloseStatus(1009, "Frame larger than the server accepts")),
    SEND_BUFFER_FULL("send_buffer_full", new CloseStatus(1008, "Send buffer limit exceeded: the client reads too slowly")),
    SEND_TIME_LIMIT("send_time_limit", new CloseStatus(1008, "Send time limit exceeded: the client reads too slowly")),
    SERVER_FULL("server_full", new CloseStatus(1013, "Too many connections on this server")),
    SESSION_FULL("session_full", new CloseStatus(1008, "Too many connections for this session")),
    // a limit counted in Redis cannot be checked while it is away; 1013: try again later
    SHARED_STATE_UNAVAILABLE("shared_state_unavailable", new CloseStatus(1013, "Redis is unreachable; try again later")),
    RATE_LIMITED("rate_limited", new CloseStatus(1008, "Kept sending over the rate limit")),
    SLOW_CONSUMER("slow_consumer", new CloseStatus(1008, "Stayed too far behind the session's messages")),
    IDLE("idle", new CloseStatus(1001, "Idle timeout")),
    TOKEN_EXPIRED("token_expired", new CloseStatus(1008, "token_expired")),
    SESSION_NOT_GRANTED("session_not_granted", new CloseStatus(1008, "session_not_granted")),
    SHUTDOWN("shutdown", new CloseStatus(1001, "Server is shutting down"));

    private final String tag;

    private final CloseStatus status;

    CloseReason(String tag, CloseStatus status) {
        this.tag = tag;
        this.status = status;
    }

    public String tag() {
        return this.tag;
    }

    public CloseStatus status() {
        return this.status;
    }
}
