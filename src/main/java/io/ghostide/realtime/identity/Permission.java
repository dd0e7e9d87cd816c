package io.ghostide.realtime.identity;

/** What a caller may do; roles grant them (see {@link Role}). */
public enum Permission {

    /** Subscribe to a session, read its files, connections and presence, ping. */
    READ_SESSION,

    /** {@code execute_code} and the execute endpoint. */
    RUN_CODE,

    /** {@code ghost_chat} and the chat endpoint. */
    CHAT,

    /** {@code save_file} and the file writes. */
    WRITE_FILES,

    /** {@code /ws/status} with every session id, and the Actuator endpoints other than health. */
    ADMINISTER
}
