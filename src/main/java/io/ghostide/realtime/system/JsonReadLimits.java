package io.ghostide.realtime.system;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * The limits the server's JSON mapper parses with, derived from the features' own limits
 * ({@link JsonInputLimit}): input past them is refused while it is read, before a value of
 * that size is built, and the refusal is worded here for every transport.
 *
 * @param maxDocumentBytes the largest document: the largest body or frame a feature takes
 * @param maxStringChars the longest string: the longest a field may be (code, a file, a context)
 * @param maxNestingDepth how deep objects and arrays may nest
 * @param maxNumberChars the longest number, in characters
 * @param properties what the limits are derived from, for messages
 */
public record JsonReadLimits(long maxDocumentBytes, int maxStringChars, int maxNestingDepth, int maxNumberChars,
        String properties) {

    // no message of the protocol nests deeper than a few levels; a context may nest, but not like this
    static final int MAX_NESTING_DEPTH = 64;

    // a timeout, a seq, a size: no number of the protocol needs more digits than a long or a double shows
    static final int MAX_NUMBER_CHARS = 100;

    /** What to answer input that broke a limit: an HTTP-like status and the words for it. */
    public record Refusal(int status, String title, String detail) {
    }

    static JsonReadLimits of(List<JsonInputLimit> limits) {
        long document = limits.stream().mapToLong(JsonInputLimit::maxDocumentBytes).max().orElseThrow();
        int string = limits.stream().mapToInt(JsonInputLimit::maxStringChars).max().orElseThrow();
        String properties = limits.stream().map(JsonInputLimit::properties).distinct().collect(Collectors.joining(", "));
        return new JsonReadLimits(document, string, MAX_NESTING_DEPTH, MAX_NUMBER_CHARS, properties);
    }

    StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxDocumentLength(this.maxDocumentBytes)
                .maxStringLength(this.maxStringChars)
                .maxNestingDepth(this.maxNestingDepth)
                .maxNumberLength(this.maxNumberChars)
                .build();
    }

    /**
     * The refusal for {@code failure} when it, or a cause of it, is a limit of these or a body
     * past its endpoint's size; null for any other failure (malformed JSON is the caller's to word).
     */
    public @Nullable Refusal refusalOf(@Nullable Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyTooLargeException tooLarge) {
                return tooLarge.refusal();
            }
            if (cause instanceof StreamConstraintsException exceeded) {
                return refusalOf(exceeded);
            }
        }
        return null;
    }

    // Jackson tells the limits apart only by its message, which names its own classes; the
    // message is matched here and never shown
    private Refusal refusalOf(StreamConstraintsException exceeded) {
        String message = String.valueOf(exceeded.getOriginalMessage());
        if (message.startsWith("String value length")) {
            return new Refusal(413, "Value too large", "A string in the input has more than " + this.maxStringChars
                    + " characters, the most any field may hold (from " + this.properties + ")");
        }
        if (message.startsWith("Document length")) {
            return new Refusal(413, "Input too large", "The input has more than " + this.maxDocumentBytes
                    + " bytes of JSON, the most any request takes (from " + this.properties + ")");
        }
        if (message.startsWith("Document nesting depth")) {
            return new Refusal(400, "Input nested too deeply", "Objects and arrays may nest at most "
                    + this.maxNestingDepth + " levels deep");
        }
        if (message.startsWith("Number value length")) {
            return new Refusal(400, "Number too long", "A number in the input has more than " + this.maxNumberChars
                    + " characters");
        }
        return new Refusal(400, "Input refused", "The input breaks a limit on JSON input");
    }
}
