package io.ghostide.realtime.identity;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Who sent a request or holds a connection: the user (a token's {@code sub}, a name given in
 * {@code none} mode, or null for an anonymous client), its role, the sessions it may reach
 * ({@code id}, {@code prefix*} or {@code *}) and when its token expires.
 *
 * @param user the user, null when anonymous (presence then names the connection)
 * @param role what the caller may do in the sessions it reaches
 * @param sessions session ids and patterns the caller may reach
 * @param expiresAt when the caller's token expires; null when it never does
 */
public record Caller(@Nullable String user, Role role, List<String> sessions, @Nullable Instant expiresAt) {

    /** Reaches nothing: what an unknown principal is taken for (deny by default). */
    public static final Caller NOBODY = new Caller(null, Role.VIEWER, List.of(), null);

    private static final String WILDCARD = "*";

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.@-][A-Za-z0-9_.@ -]{0,63}");

    /** What a name given in {@code none} mode may be: 1 to 64 letters, digits, {@code _ . @ -} and spaces inside. */
    public static final String NAME_RULE = "1 to 64 characters: letters, digits, '_', '.', '@', '-', and spaces after the first";

    public Caller {
        sessions = List.copyOf(sessions);
    }

    /** A client of {@code none} mode: it may do everything, as the contract says. */
    public static Caller anonymous(@Nullable String name) {
        return new Caller(name, Role.ADMIN, List.of(WILDCARD), null);
    }

    /** Whether a name given in {@code none} mode is acceptable (see {@link #NAME_RULE}). */
    public static boolean isValidName(@Nullable String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Whether the caller reaches this session: its {@code sessions} cover it, or its role reaches every session. */
    public boolean covers(String sessionId) {
        if (this.role.reachesEverySession()) {
            return true;
        }
        for (String pattern : this.sessions) {
            if (pattern.endsWith(WILDCARD)
                    ? sessionId.startsWith(pattern.substring(0, pattern.length() - 1))
                    : pattern.equals(sessionId)) {
                return true;
            }
        }
        return false;
    }

    public boolean may(Permission permission) {
        return this.role.grants(permission);
    }

    /** Whether the caller may do this in this session. */
    public boolean may(Permission permission, String sessionId) {
        return may(permission) && covers(sessionId);
    }

    /**
     * The user a verified token vouches for, else null: a name a client of {@code none} mode gave
     * itself is no identity to count per-user limits by. Only a token's caller has an expiry, since
     * {@code exp} is required.
     */
    public @Nullable String verifiedUser() {
        return this.expiresAt != null ? this.user : null;
    }

    /** The user presence shows for one of the caller's connections. */
    public String userFor(String connectionId) {
        return this.user != null ? this.user : "anonymous-" + connectionId;
    }

    public boolean expired(Instant now) {
        return this.expiresAt != null && !now.isBefore(this.expiresAt);
    }
}
