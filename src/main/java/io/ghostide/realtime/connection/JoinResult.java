package io.ghostide.realtime.connection;

/** The outcome of a connection's join of a session ({@link ConnectionRegistry#join}); what a refusal tells the client is {@link ConnectionCaps#refusal}. */
public enum JoinResult {

    JOINED,

    /** The session has {@code ghostide.connection.max-per-session} connections, over every instance. */
    SESSION_FULL,

    /** The session has room, but not the connection's user (without a token, its client address). */
    USER_SHARE_FULL,

    /** The connection is in {@code ghostide.connection.max-sessions-per-connection} sessions already. */
    TOO_MANY_SESSIONS,

    /** The connection has {@code ghostide.connection.max-subscriptions-per-connection} subscriptions already. */
    TOO_MANY_SUBSCRIPTIONS,

    /** The connection closed while it joined: there is no one to tell. */
    UNKNOWN_CONNECTION,

    /** Redis, where the user's share is counted in {@code redis} mode, did not answer: refused, not let in unchecked. */
    SHARED_STATE_UNAVAILABLE
}
