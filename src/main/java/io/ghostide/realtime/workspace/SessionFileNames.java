package io.ghostide.realtime.workspace;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The rule a session file name obeys: one plain path segment of letters, digits, {@code .},
 * {@code _} and {@code -}, not starting with a dot, with no {@code ..} anywhere, at most a
 * configured length. Nothing in such a name can leave the session's directory, and names the
 * store uses for itself (temporary files) start with a dot, so they never collide.
 */
final class SessionFileNames {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private final int maxLength;

    SessionFileNames(int maxLength) {
        this.maxLength = maxLength;
    }

    /** Returns {@code name} if acceptable, else throws {@link SessionFileException} (400) saying why. */
    String requireValid(@Nullable String name) {
        String problem = problemWith(name);
        if (problem != null) {
            throw SessionFileException.badRequest("Invalid file name", problem);
        }
        return name;
    }

    /** Why {@code name} is refused, or {@code null} when it is fine. */
    @Nullable String problemWith(@Nullable String name) {
        if (name == null || name.isEmpty()) {
            return "A file name is required";
        }
        String shown = name.length() <= 80 ? name : name.substring(0, 80) + "…";
        if (name.length() > this.maxLength) {
            return "File name '" + shown + "' is " + name.length() + " characters long; at most " + this.maxLength
                    + " are allowed";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "File name '" + shown + "' contains a path separator; a session file is a plain name such as main.py";
        }
        if (name.contains("..")) {
            return "File name '" + shown + "' contains '..'";
        }
        if (name.startsWith(".")) {
            return "File name '" + shown + "' starts with a dot; hidden files are not stored";
        }
        if (!ALLOWED.matcher(name).matches()) {
            return "File name '" + shown + "' may contain only letters, digits, '.', '_' and '-'";
        }
        return null;
    }
}
