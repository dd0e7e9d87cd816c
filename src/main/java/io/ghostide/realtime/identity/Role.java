package io.ghostide.realtime.identity;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The roles a token may name in its {@code role} claim; the one place that says what each may
 * do. A session is reachable only when the caller's {@code sessions} also cover it.
 */
public enum Role {

    VIEWER(EnumSet.of(Permission.READ_SESSION), false),
    EDITOR(EnumSet.of(Permission.READ_SESSION, Permission.RUN_CODE, Permission.CHAT, Permission.WRITE_FILES), false),
    /** Everything, in every session's endpoints, whatever its {@code sessions} claim says. */
    ADMIN(EnumSet.allOf(Permission.class), true);

    private final Set<Permission> permissions;

    private final boolean everySession;

    Role(Set<Permission> permissions, boolean everySession) {
        this.permissions = Set.copyOf(permissions);
        this.everySession = everySession;
    }

    /** Whether the role reaches every session, not only those its {@code sessions} claim names. */
    public boolean reachesEverySession() {
        return this.everySession;
    }

    public boolean grants(Permission permission) {
        return this.permissions.contains(permission);
    }

    /** The name in a token's {@code role} claim. */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a claim names, or null when it names none. */
    public static @Nullable Role fromClaim(@Nullable Object claim) {
        if (claim instanceof String value) {
            for (Role role : values()) {
                if (role.claimValue().equals(value)) {
                    return role;
                }
            }
        }
        return null;
    }
}
