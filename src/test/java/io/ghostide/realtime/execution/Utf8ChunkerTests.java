package io.ghostide.realtime.execution;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8ChunkerTests {

    @Test
    void aCharacterCutByAReadWaitsForItsRest() {
        Utf8Chunker chunker = new Utf8Chunker();
        byte[] euro = "a\u20ac".getBytes(StandardCharsets.UTF_8);
        chunker.append(euro, 0, 2);
        assertThat(chunker.drain(false)).containsExactly("a");
        assertThat(chunker.pendingBytes()).isEqualTo(1);
        chunker.append(euro, 2, 2);
        assertThat(chunker.drain(false)).containsExactly("\u20ac");
        assertThat(chunker.pendingBytes()).isZero();
    }

    @Test
    void anIncompleteCharacterAtTheEndOfTheStreamBecomesAReplacementCharacter() {
        Utf8Chunker chunker = new Utf8Chunker();
        chunker.append(new byte[] { 'o', 'k', (byte) 0xE2, (byte) 0x82 }, 0, 4);
        assertThat(chunker.drain(false)).containsExactly("ok");
        assertThat(String.join("", chunker.drain(true))).isEqualTo("\uFFFD");
    }

    @Test
    void malformedBytesAreReplacedInPlace() {
        Utf8Chunker chunker = new Utf8Chunker();
        chunker.append(new byte[] { 'a', (byte) 0xFF, 'b' }, 0, 3);
        assertThat(String.join("", chunker.drain(false))).isEqualTo("a\uFFFDb");
    }

    @Test
    void chunksStayWithinTheBudgetWithoutSplittingASurrogatePair() {
        int budget = 25;
        Utf8Chunker chunker = new Utf8Chunker(budget);
        String text = "say \"hi\"\n\u00e9\uD83D\uDE00\t\u0001x".repeat(30);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> chunks = new ArrayList<>();
        // fed in reads of 7 bytes, as a pipe might deliver them
        for (int offset = 0; offset < bytes.length; offset += 7) {
            chunker.append(bytes, offset, Math.min(7, bytes.length - offset));
            chunks.addAll(chunker.drain(false));
        }
        chunks.addAll(chunker.drain(true));
        assertThat(String.join("", chunks)).isEqualTo(text);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(Utf8Chunker.jsonBytes(chunk)).isLessThanOrEqualTo(budget);
            assertThat(Character.isLowSurrogate(chunk.charAt(0))).isFalse();
            assertThat(Character.isHighSurrogate(chunk.charAt(chunk.length() - 1))).isFalse();
        });
    }

    @Test
    void aFrameOfTheLargestChunkFitsIn16KiB() {
        Utf8Chunker chunker = new Utf8Chunker();
        byte[] quotes = "\"".repeat(40_000).getBytes(StandardCharsets.UTF_8);
        chunker.append(quotes, 0, quotes.length);
        List<String> chunks = chunker.drain(false);
        assertThat(chunks).hasSizeGreaterThan(1)
                .allSatisfy(chunk -> assertThat(Utf8Chunker.jsonBytes(chunk) + Utf8Chunker.ENVELOPE_ALLOWANCE)
                        .isLessThanOrEqualTo(16 * 1024));
    }
}
