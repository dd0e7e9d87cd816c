package io.ghostide.realtime.system;

import org.jspecify.annotations.Nullable;

/**
 * The largest JSON one feature takes in, as a bean: the bytes of a request body on
 * {@code path} (a Spring MVC path pattern; null for input that is not a request body, such as
 * a WebSocket frame or a stored value), and its longest string. The server's JSON limits are
 * the largest of these ({@link JsonReadLimits}), and a request body on {@code path} is refused
 * past its own size before it is parsed ({@link RequestBodyLimitFilter}).
 *
 * @param path the request path the body limit applies to, or null
 * @param maxDocumentBytes the largest JSON document, in bytes
 * @param maxStringChars the longest string in it, in characters
 * @param properties the properties the limits come from, named when input is refused
 */
public record JsonInputLimit(@Nullable String path, long maxDocumentBytes, int maxStringChars, String properties) {

    // JSON escapes can make text several times longer than the characters it carries
    // (\n is two bytes, \u0000 six, a CJK character three in UTF-8); four covers all but control characters
    static final int ESCAPE_FACTOR = 4;

    // the keys, punctuation and short fields around the text
    static final long ENVELOPE_BYTES = 64 * 1024;

    /**
     * A JSON body of text fields holding {@code textChars} characters in all, the longest of
     * them {@code longestString}: its document may be {@link #ESCAPE_FACTOR} times the text plus
     * {@link #ENVELOPE_BYTES}.
     */
    public static JsonInputLimit forText(@Nullable String path, long textChars, long longestString, String properties) {
        return new JsonInputLimit(path, ESCAPE_FACTOR * textChars + ENVELOPE_BYTES,
                Math.toIntExact(Math.min(Integer.MAX_VALUE, longestString)), properties);
    }
}
