package io.ghostide.realtime.editing;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A change to a document in the JSON form of {@code @codemirror/state}'s {@code ChangeSet.toJSON()}:
 * an array whose entries are a number (keep that many characters), {@code [n]} (delete n) or
 * {@code [n, "line", ...]} (replace n characters by the lines joined with {@code "\n"}). Lengths
 * count UTF-16 code units, as JavaScript strings and Java strings both do.
 * <p>
 * Parsing is strict and bounded: the shape is exactly two levels deep, every length is a
 * non-negative integer, and the lengths kept and replaced must add up to the document's length
 * exactly, so a hostile array is refused in one pass over it, before anything is built from it.
 */
final class ChangeSet {

    // kept lengths are stored as -1 - length, replaced ones as their length with an insert beside
    private final int[] lengths;

    // the text each section inserts; null for a kept section
    private final String[] inserts;

    private final int documentLength;

    private final int newLength;

    private ChangeSet(int[] lengths, String[] inserts, int documentLength, int newLength) {
        this.lengths = lengths;
        this.inserts = inserts;
        this.documentLength = documentLength;
        this.newLength = newLength;
    }

    /**
     * Reads a change set for a document of {@code documentLength} characters.
     *
     * @param maxLength the longest document the change may make, in characters
     * @throws InvalidChangeException when the JSON is not a change set, or not one for that document
     */
    static ChangeSet parse(JsonNode json, int documentLength, long maxLength) {
        if (json == null || !json.isArray()) {
            throw InvalidChangeException.malformed("changes must be an array, as ChangeSet.toJSON() gives");
        }
        int size = json.size();
        int[] lengths = new int[size];
        String[] inserts = new String[size];
        long covered = 0;
        long newLength = 0;
        for (int i = 0; i < size; i++) {
            JsonNode part = json.get(i);
            if (part.isArray()) {
                if (part.isEmpty()) {
                    throw InvalidChangeException.malformed("changes[" + i + "] is an empty array; a replacement is [length, \"line\", ...]");
                }
                int length = lengthOf(part.get(0), i);
                String insert = joinLines(part, i);
                lengths[i] = length;
                inserts[i] = insert;
                covered += length;
                newLength += insert.length();
            }
            else {
                int length = lengthOf(part, i);
                lengths[i] = -1 - length;
                covered += length;
                newLength += length;
            }
            if (covered > documentLength) {
                throw InvalidChangeException.misfit(covered, documentLength);
            }
            if (newLength > maxLength) {
                throw InvalidChangeException.tooLarge(newLength, maxLength);
            }
        }
        if (covered != documentLength) {
            throw InvalidChangeException.misfit(covered, documentLength);
        }
        return new ChangeSet(lengths, inserts, documentLength, (int) newLength);
    }

    /** A change that replaces the whole of a document of {@code documentLength} characters by {@code text}. */
    static ChangeSet replaceAll(int documentLength, String text) {
        if (documentLength == 0 && text.isEmpty()) {
            return new ChangeSet(new int[0], new String[0], 0, 0);
        }
        return new ChangeSet(new int[] { documentLength }, new String[] { text }, documentLength, text.length());
    }

    /** The text this change makes of {@code document}, which must be of the length it was made for. */
    String apply(String document) {
        if (document.length() != this.documentLength) {
            throw new IllegalArgumentException("A change for " + this.documentLength + " characters applied to "
                    + document.length());
        }
        StringBuilder result = new StringBuilder(this.newLength);
        int position = 0;
        for (int i = 0; i < this.lengths.length; i++) {
            int length = this.lengths[i];
            if (length < 0) {
                int kept = -1 - length;
                result.append(document, position, position + kept);
                position += kept;
            }
            else {
                result.append(this.inserts[i]);
                position += length;
            }
        }
        return result.toString();
    }

    int newLength() {
        return this.newLength;
    }

    /** The change in the JSON form {@code ChangeSet.fromJSON()} reads, as plain lists, numbers and strings. */
    List<Object> toJson() {
        List<Object> parts = new ArrayList<>(this.lengths.length);
        for (int i = 0; i < this.lengths.length; i++) {
            int length = this.lengths[i];
            if (length < 0) {
                parts.add(-1 - length);
                continue;
            }
            List<Object> replacement = new ArrayList<>();
            replacement.add(length);
            String insert = this.inserts[i];
            if (!insert.isEmpty()) {
                int start = 0;
                for (int end; (end = insert.indexOf('\n', start)) >= 0; start = end + 1) {
                    replacement.add(insert.substring(start, end));
                }
                replacement.add(insert.substring(start));
            }
            parts.add(replacement);
        }
        return parts;
    }

    private static int lengthOf(JsonNode node, int index) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0) {
            throw InvalidChangeException.malformed("changes[" + index + "] must be a non-negative integer length or an "
                    + "array [length, \"line\", ...]; got " + describe(node));
        }
        return node.intValue();
    }

    private static String joinLines(JsonNode part, int index) {
        if (part.size() == 1) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (int j = 1; j < part.size(); j++) {
            JsonNode line = part.get(j);
            if (!line.isString()) {
                throw InvalidChangeException.malformed("changes[" + index + "][" + j + "] must be a line of text; got "
                        + describe(line));
            }
            if (j > 1) {
                text.append('\n');
            }
            text.append(line.asString());
        }
        return text.toString();
    }

    private static String describe(JsonNode node) {
        return node.isContainer() ? (node.isArray() ? "an array" : "an object") : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
