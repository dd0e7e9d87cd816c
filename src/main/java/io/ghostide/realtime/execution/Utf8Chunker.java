package io.ghostide.realtime.execution;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes of one output stream in, text out: decoded as UTF-8 without splitting a character (a
 * sequence cut by a read waits for its rest), malformed bytes replaced with U+FFFD, and the text
 * cut into chunks that each fit one {@code execution_output} frame of at most 16 KiB. Not
 * thread-safe: its owner serializes calls.
 */
final class Utf8Chunker {

    /** The largest {@code execution_output} frame, envelope included. */
    static final int MAX_FRAME_BYTES = 16 * 1024;

    /** What the envelope around {@code output} may take: type, timestamp, 64-char session id, seq, execution id, stream. */
    static final int ENVELOPE_ALLOWANCE = 512;

    /** The most bytes the JSON string of one chunk may take. */
    static final int MAX_CHUNK_JSON_BYTES = MAX_FRAME_BYTES - ENVELOPE_ALLOWANCE;

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);

    private final int maxChunkJsonBytes;

    // bytes not yet decoded, in write mode
    private ByteBuffer pending = ByteBuffer.allocate(4096);

    Utf8Chunker() {
        this(MAX_CHUNK_JSON_BYTES);
    }

    Utf8Chunker(int maxChunkJsonBytes) {
        this.maxChunkJsonBytes = maxChunkJsonBytes;
    }

    /** Bytes waiting to be decoded. */
    int pendingBytes() {
        return this.pending.position();
    }

    void append(byte[] bytes, int offset, int length) {
        if (this.pending.remaining() < length) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(this.pending.capacity() * 2, this.pending.position() + length));
            this.pending.flip();
            larger.put(this.pending);
            this.pending = larger;
        }
        this.pending.put(bytes, offset, length);
    }

    /**
     * Decodes what is pending into chunks. Without {@code endOfInput} an incomplete character at
     * the end stays pending; with it, it becomes U+FFFD.
     */
    List<String> drain(boolean endOfInput) {
        this.pending.flip();
        // UTF-8 never decodes to more chars than it has bytes (a 4-byte sequence is 2 chars)
        CharBuffer chars = CharBuffer.allocate(this.pending.remaining() + 2);
        this.decoder.decode(this.pending, chars, endOfInput);
        if (endOfInput) {
            this.decoder.flush(chars);
            this.decoder.reset();
        }
        this.pending.compact();
        chars.flip();
        return split(chars);
    }

    /** Forgets pending bytes, such as half a character cut off by the output limit. */
    void discard() {
        this.pending.clear();
        this.decoder.reset();
    }

    private List<String> split(CharBuffer chars) {
        List<String> chunks = new ArrayList<>(1);
        int length = chars.length();
        int start = 0;
        int cost = 0;
        for (int i = 0; i < length; i++) {
            char c = chars.charAt(i);
            int charCost = jsonBytes(c);
            if (cost + charCost > this.maxChunkJsonBytes && i > start) {
                int cut = i;
                // never between the two halves of a surrogate pair
                if (Character.isLowSurrogate(c) && Character.isHighSurrogate(chars.charAt(i - 1)) && i - 1 > start) {
                    cut = i - 1;
                }
                chunks.add(chars.subSequence(start, cut).toString());
                cost = 0;
                for (int j = cut; j < i; j++) {
                    cost += jsonBytes(chars.charAt(j));
                }
                start = cut;
            }
            cost += charCost;
        }
        if (start < length) {
            chunks.add(chars.subSequence(start, length).toString());
        }
        return chunks;
    }

    /** What a char takes inside a JSON string written as UTF-8: escapes for quotes and controls. */
    static int jsonBytes(char c) {
        if (c == '"' || c == '\\') {
            return 2;
        }
        if (c < 0x20) {
            return (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') ? 2 : 6;
        }
        if (c < 0x80) {
            return 1;
        }
        if (c < 0x800) {
            return 2;
        }
        // each half of a surrogate pair: the pair is 4 bytes; a lone one is written as a 6-byte escape at most
        if (Character.isSurrogate(c)) {
            return 6;
        }
        return 3;
    }

    /** The JSON size of a whole string, as {@link #jsonBytes(char)} counts it. */
    static int jsonBytes(CharSequence text) {
        int total = 0;
        for (int i = 0; i < text.length(); i++) {
            total += jsonBytes(text.charAt(i));
        }
        return total;
    }
}
