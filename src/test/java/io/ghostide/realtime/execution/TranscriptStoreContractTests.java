package io.ghostide.realtime.execution;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a transcript store keeps however it keeps it, run by a subclass per implementation: pages
 * in order with {@code next} and {@code complete}, nothing added after the end, a session's runs
 * newest first, and the bounds (retention, total bytes, count), the oldest ended first while a
 * live run's transcript stays.
 */
abstract class TranscriptStoreContractTests {

    /** A store under test with these bounds. */
    protected abstract TranscriptStore createStore(RunControlProperties properties);

    /** Bytes the store counts for one ASCII character against {@code transcript-total-bytes}. */
    protected abstract int bytesPerCharacter();

    static RunControlProperties properties(Duration retention, DataSize totalBytes, int maxTranscripts) {
        return new RunControlProperties(Duration.ofSeconds(2), DataSize.ofMegabytes(1), retention, totalBytes,
                maxTranscripts, 2000, Duration.ofSeconds(2));
    }

    private TranscriptStore roomy() {
        return createStore(properties(Duration.ofHours(1), DataSize.ofMegabytes(64), 2000));
    }

    @Test
    void aTranscriptIsReadPageByPageInTheOrderItWasWritten() {
        TranscriptStore store = roomy();
        assertThat(store.read("never", 0, 10)).isEmpty();
        store.open("paged", "pages", "python", Instant.now());
        store.append("paged", "stdout", "name? ");
        store.append("paged", "input", "ada\n");
        store.append("paged", "stdout", "hello ada\n");
        store.append("paged", "stderr", "warning: ✓\n");
        store.append("paged", "stdout", "bye\n");
        // a store may write appends behind the caller
        await().atMost(Duration.ofSeconds(10)).until(() -> store.runs("pages").get(0).transcriptNext() == 5);
        TranscriptStore.Page first = store.read("paged", 0, 2).orElseThrow();
        assertThat(first.status()).isEqualTo("running");
        assertThat(first.complete()).isFalse();
        assertThat(first.sessionId()).isEqualTo("pages");
        assertThat(first.language()).isEqualTo("python");
        assertThat(first.events()).containsExactly(new TranscriptStore.Event(0, "stdout", "name? "),
                new TranscriptStore.Event(1, "input", "ada\n"));
        assertThat(first.next()).isEqualTo(2);

        store.finish("paged", "ok");
        store.append("paged", "stdout", "after the end\n");
        TranscriptStore.Page rest = store.read("paged", 2, 10).orElseThrow();
        assertThat(rest.events()).containsExactly(new TranscriptStore.Event(2, "stdout", "hello ada\n"),
                new TranscriptStore.Event(3, "stderr", "warning: ✓\n"), new TranscriptStore.Event(4, "stdout", "bye\n"));
        assertThat(rest.status()).isEqualTo("ok");
        assertThat(rest.complete()).isTrue();
        assertThat(rest.next()).isEqualTo(5);
        TranscriptStore.Page beyond = store.read("paged", 40, 10).orElseThrow();
        assertThat(beyond.events()).isEmpty();
        assertThat(beyond.next()).isEqualTo(40);
        // a page that stops short of the end is not complete, even once the run ended
        assertThat(store.read("paged", 0, 2).orElseThrow().complete()).isFalse();
    }

    @Test
    void aSessionsRunsAreListedNewestFirst() {
        TranscriptStore store = roomy();
        Instant start = Instant.now();
        store.open("older", "listed", "python", start);
        store.open("newer", "listed", "c", start.plusSeconds(1));
        store.open("elsewhere", "unlisted", "python", start.plusSeconds(2));
        store.append("older", "stdout", "one\n");
        store.finish("older", "ok");
        assertThat(store.runs("listed")).extracting(TranscriptStore.RunSummary::executionId).containsExactly("newer", "older");
        TranscriptStore.RunSummary older = store.runs("listed").get(1);
        assertThat(older.status()).isEqualTo("ok");
        assertThat(older.language()).isEqualTo("python");
        assertThat(older.transcriptNext()).isEqualTo(1);
        assertThat(older.endedAt()).isNotNull();
        assertThat(older.startedAt().toEpochMilli()).isEqualTo(start.toEpochMilli());
        assertThat(store.runs("listed").get(0).endedAt()).isNull();
        assertThat(store.runs("nobody")).isEmpty();
    }

    @Test
    void pastMaxTranscriptsOnlyEndedOnesGoOldestFirst() {
        TranscriptStore store = createStore(properties(Duration.ofHours(1), DataSize.ofMegabytes(64), 3));
        Instant now = Instant.now();
        store.open("r1", "counted", "python", now);
        store.finish("r1", "ok");
        store.open("r2", "counted", "python", now);
        store.finish("r2", "ok");
        store.open("r3", "counted", "python", now);
        store.open("r4", "counted", "python", now);
        assertThat(store.read("r1", 0, 0)).isEmpty();
        assertThat(store.read("r2", 0, 0)).isPresent();
        store.open("r5", "counted", "python", now);
        assertThat(store.read("r2", 0, 0)).isEmpty();
        // all live: none goes, whatever the count
        store.open("r6", "counted", "python", now);
        assertThat(store.runs("counted")).extracting(TranscriptStore.RunSummary::executionId)
                .containsExactlyInAnyOrder("r3", "r4", "r5", "r6");
    }

    @Test
    void pastTheTotalBytesTheOldestEndedGoFirst() {
        TranscriptStore store = createStore(properties(Duration.ofHours(1), DataSize.ofMegabytes(1), 2000));
        // 40% of the budget each
        String text = "x".repeat((int) (0.4 * 1024 * 1024 / bytesPerCharacter()));
        for (String id : new String[] { "b1", "b2", "b3" }) {
            store.open(id, "bytes", "python", Instant.now());
            store.append(id, "stdout", text);
            store.finish(id, "ok");
        }
        assertThat(store.read("b1", 0, 0)).isEmpty();
        assertThat(store.read("b2", 0, 1).orElseThrow().events().get(0).text()).isEqualTo(text);
        assertThat(store.read("b3", 0, 1).orElseThrow().events().get(0).text()).isEqualTo(text);
    }

    @Test
    void aTranscriptIsForgottenAfterItsRetention() {
        TranscriptStore store = createStore(properties(Duration.ofSeconds(1), DataSize.ofMegabytes(64), 2000));
        store.open("brief", "retained", "python", Instant.now());
        store.append("brief", "stdout", "soon gone\n");
        store.finish("brief", "ok");
        assertThat(store.read("brief", 0, 10).orElseThrow().events()).hasSize(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> store.read("brief", 0, 10).isEmpty());
        assertThat(store.runs("retained")).isEmpty();
        // a live run's transcript outlives the retention
        store.open("long", "retained", "python", Instant.now());
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> store.read("long", 0, 0).isPresent());
    }
}
