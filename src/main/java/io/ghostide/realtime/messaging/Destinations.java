package io.ghostide.realtime.messaging;

import io.ghostide.realtime.system.SessionIds;
import org.jspecify.annotations.Nullable;

/** The broker and application destinations of the contract, built and parsed in one place. */
public final class Destinations {

    /** Broker prefix of every session's topic. */
    public static final String SESSION_TOPIC_PREFIX = "/topic/session/";

    /** Application prefix of client commands, as SENT by STOMP clients. */
    public static final String SESSION_COMMAND_PREFIX = "/app/session/";

    /** Prefix of the destinations Spring's user destination handler resolves to one connection's own. */
    public static final String USER_PREFIX = "/user";

    /** What a client subscribes to for replies meant for its connection only. */
    public static final String USER_REPLIES = USER_PREFIX + "/queue/replies";

    /** The same destination, as the user destination handler resolves it. */
    static final String REPLIES_QUEUE = "/queue/replies";

    private Destinations() {
    }

    /** Whether {@code destination} is a user destination, resolved by the user destination handler, not the broker. */
    public static boolean isUserDestination(@Nullable String destination) {
        return destination != null && destination.startsWith(USER_PREFIX + "/");
    }

    public static String sessionTopic(String sessionId) {
        return SESSION_TOPIC_PREFIX + sessionId;
    }

    public static String sessionCommands(String sessionId) {
        return SESSION_COMMAND_PREFIX + sessionId;
    }

    /** The session id of a well-formed session topic, else {@code null}. */
    public static @Nullable String sessionOfTopic(@Nullable String destination) {
        return suffixIfValid(destination, SESSION_TOPIC_PREFIX);
    }

    /** The session id of a well-formed command destination, else {@code null}. */
    public static @Nullable String sessionOfCommands(@Nullable String destination) {
        return suffixIfValid(destination, SESSION_COMMAND_PREFIX);
    }

    private static @Nullable String suffixIfValid(@Nullable String destination, String prefix) {
        if (destination == null || !destination.startsWith(prefix)) {
            return null;
        }
        String sessionId = destination.substring(prefix.length());
        return SessionIds.isValid(sessionId) ? sessionId : null;
    }
}
