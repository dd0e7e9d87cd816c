package io.ghostide.realtime.ghost.advice;

/**
 * A piece of the user's code as the advisor reads it: a program that ran or a file saved in the
 * session.
 *
 * @param language the language id the code was written in ({@code python}, {@code cpp})
 * @param code the source text
 */
public record SourceFile(String language, String code) {
}
