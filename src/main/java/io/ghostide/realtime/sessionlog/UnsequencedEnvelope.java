package io.ghostide.realtime.sessionlog;

import java.nio.charset.StandardCharsets;

/**
 * An envelope serialized before its {@code seq} is known: its JSON is {@code prefix}, the
 * decimal {@code seq}, then {@code suffix}. A log writes the {@code seq} in once it has
 * assigned it, in this process or inside a shared store (a script can concatenate the three).
 *
 * @param prefix the JSON up to and including {@code "seq":}
 * @param suffix the JSON after the {@code seq} value
 */
public record UnsequencedEnvelope(byte[] prefix, byte[] suffix) {

    /** The envelope's JSON with {@code seq} written in. */
    public byte[] withSeq(long seq) {
        byte[] digits = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
        byte[] json = new byte[this.prefix.length + digits.length + this.suffix.length];
        System.arraycopy(this.prefix, 0, json, 0, this.prefix.length);
        System.arraycopy(digits, 0, json, this.prefix.length, digits.length);
        System.arraycopy(this.suffix, 0, json, this.prefix.length + digits.length, this.suffix.length);
        return json;
    }

    /** Bytes of the envelope without its {@code seq} digits. */
    public int length() {
        return this.prefix.length + this.suffix.length;
    }
}
