package io.ghostide.realtime.ghost.advice;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An error as read from a program's output.
 *
 * @param family the parser that read it: python, javascript, java or native (C and C++)
 * @param type the error's type as the runtime names it ({@code IndexError}, {@code NullPointerException}),
 * or a description for compiler diagnostics ({@code compile error})
 * @param message the runtime's message, without the type
 * @param file the file the error points into, as a bare name
 * @param line the line it points at, 0 when unknown
 * @param column the column, 0 when unknown
 * @param function the function it happened in, when known
 * @param notes further lines the runtime printed about it (javac's {@code symbol:}, C++'s {@code what():})
 */
record ParsedError(String family, String type, String message, @Nullable String file, int line, int column,
        @Nullable String function, List<String> notes) {

    /**
     * The type without a package or module prefix: {@code json.decoder.JSONDecodeError} gives
     * {@code JSONDecodeError}.
     */
    String simpleType() {
        int dot = this.type.lastIndexOf('.');
        return dot >= 0 && !this.type.contains(" ") ? this.type.substring(dot + 1) : this.type;
    }

    static @Nullable String baseName(@Nullable String path) {
        if (path == null) {
            return null;
        }
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash >= 0 ? path.substring(slash + 1) : path;
    }
}
