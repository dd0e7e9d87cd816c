package io.ghostide.realtime.editing;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.StompClient;
import io.ghostide.realtime.workspace.WorkspaceProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.editing.EditingClients.apply;
import static io.ghostide.realtime.editing.EditingClients.helloThenBothPushAtOnce;
import static io.ghostide.realtime.editing.EditingClients.loserPushesItsRebasedChange;
import static io.ghostide.realtime.editing.EditingClients.isType;
import static io.ghostide.realtime.editing.EditingClients.open;
import static io.ghostide.realtime.editing.EditingClients.push;
import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Shared editing with real clients of both transports: the authority, its refusals and its files. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.workspace.data-dir=${java.io.tmpdir}/ghostide-tests-${random.uuid}",
        "ghostide.workspace.max-file-size=2KB", "ghostide.ghost.reactions.on-save=false" })
class DocumentEditingEndToEndTests {

    private static final Duration QUIET = Duration.ofMillis(300);

    @LocalServerPort
    int port;

    @Autowired
    WorkspaceProperties workspace;

    @Test
    void anEditMakesTheRoundTripOnRawConnections() throws Exception {
        try (RawClient alice = RawClient.connect(this.port, "doc-raw?name=alice");
                RawClient bob = RawClient.connect(this.port, "doc-raw?name=bob")) {
            alice.send(open("main.py"));
            JsonNode state = alice.nextOfType("doc_state");
            assertThat(state.has("seq")).as("a reply has no seq of its own").isFalse();
            assertThat(state.get("data").get("file_name").asString()).isEqualTo("main.py");
            assertThat(state.get("data").get("version").asLong()).isZero();
            assertThat(state.get("data").get("text").asString()).isEmpty();
            long openedAt = state.get("data").get("seq").asLong();

            alice.send(push("main.py", 0, "[[0,\"print(1)\",\"\"]]", "ed-a"));
            for (RawClient client : List.of(alice, bob)) {
                JsonNode update = client.nextOfType("doc_update");
                assertThat(update.get("seq").asLong()).isGreaterThan(openedAt);
                assertThat(update.get("data").get("file_name").asString()).isEqualTo("main.py");
                assertThat(update.get("data").get("version").asLong()).isEqualTo(1);
                assertThat(update.get("data").get("user").asString()).isEqualTo("alice");
                assertThat(update.get("data").get("updates").toString())
                        .isEqualTo("[{\"changes\":[[0,\"print(1)\",\"\"]],\"client_id\":\"ed-a\"}]");
            }
            bob.send(open("main.py"));
            JsonNode opened = bob.nextOfType("doc_state");
            assertThat(opened.get("data").get("version").asLong()).isEqualTo(1);
            assertThat(opened.get("data").get("text").asString()).isEqualTo("print(1)\n");
            assertThat(content("doc-raw", "main.py")).isEqualTo("print(1)\n");
        }
    }

    @Test
    void anEditMakesTheRoundTripOnStomp() throws Exception {
        try (StompClient stomp = StompClient.connect(this.port); RawClient raw = RawClient.connect(this.port, "doc-stomp")) {
            StompClient.Subscription topic = stomp.subscribe("/topic/session/doc-stomp");
            StompClient.Subscription replies = stomp.subscribe("/user/queue/replies");
            stomp.send("/app/session/doc-stomp", open("notes.md"));
            JsonNode state = replies.nextOfType("doc_state");
            assertThat(state.get("data").get("version").asLong()).isZero();
            stomp.send("/app/session/doc-stomp", push("notes.md", 0, "[[0,\"# notes\"]]", "ed-s"));
            JsonNode update = topic.nextOfType("doc_update");
            assertThat(update.get("data").get("version").asLong()).isEqualTo(1);
            assertThat(raw.nextOfType("doc_update").get("seq").asLong()).isEqualTo(update.get("seq").asLong());
            // the STOMP editor is behind now: a push on version 0 is rejected, to it alone
            stomp.send("/app/session/doc-stomp", push("notes.md", 0, "[[0,\"x\"]]", "ed-s"));
            JsonNode rejected = replies.nextOfType("doc_rejected");
            assertThat(rejected.get("data").toString()).isEqualTo("{\"file_name\":\"notes.md\",\"version\":1}");
            assertThat(raw.poll(QUIET)).isNull();
        }
    }

    @Test
    void twoPushesOnOneVersionConvergeThroughARebase() throws Exception {
        try (RawClient a = RawClient.connect(this.port, "doc-race"); RawClient b = RawClient.connect(this.port, "doc-race")) {
            String[] before = helloThenBothPushAtOnce(a, b);
            JsonNode first = a.nextMatching(frame -> isType(frame, "doc_update") || isType(frame, "doc_rejected"), RawClient.TIMEOUT);
            JsonNode updateSeenByA = isType(first, "doc_update") ? first : a.nextOfType("doc_update");
            JsonNode updateSeenByB = b.nextOfType("doc_update");
            assertThat(updateSeenByA.get("data").get("version").asLong()).isEqualTo(2);
            assertThat(updateSeenByB.get("seq").asLong()).isEqualTo(updateSeenByA.get("seq").asLong());
            boolean aWon = "a".equals(updateSeenByA.get("data").get("updates").get(0).get("client_id").asString());
            JsonNode rejected = (aWon ? b : a).nextOfType("doc_rejected");
            assertThat(rejected.get("data").get("version").asLong()).isEqualTo(2);
            assertThat((aWon ? a : b).poll(QUIET)).as("the winner hears no refusal").isNull();
            String[] after = loserPushesItsRebasedChange(a, b, before, updateSeenByA, updateSeenByB);
            assertThat(after[0]).isEqualTo(after[1]).isEqualTo("AhelloB").isEqualTo(content("doc-race", "race.txt"));
        }
    }

    @Test
    void pushesThatCannotBeTakenAreRefusedHarmlessly() throws Exception {
        try (RawClient mallory = RawClient.connect(this.port, "doc-bad"); RawClient other = RawClient.connect(this.port, "doc-bad")) {
            mallory.send(open("bad.py"));
            mallory.nextOfType("doc_state");
            mallory.send(push("bad.py", 0, "[[0,\"abc\"]]", "m"));
            mallory.nextOfType("doc_update");
            other.nextOfType("doc_update");
            // stored within the persist delay, and announced as a new file
            assertThat(other.nextOfType("session_update").get("data").get("update_type").asString()).isEqualTo("file_added");
            int maxBytes = (int) this.workspace.maxFileSize().toBytes();
            StringBuilder nested = new StringBuilder();
            nested.append("[".repeat(40)).append(3).append("]".repeat(40));
            StringBuilder huge = new StringBuilder("[");
            for (int i = 0; i < 20_000; i++) {
                huge.append("0,");
            }
            huge.append("4]");
            String[][] attacks = {
                    { push("bad.py", 1, "[5]", "m"), "400", "Changes do not fit the document" },
                    { push("bad.py", 1, "[[0,\"x\"]]", "m"), "400", "Changes do not fit the document" },
                    { push("bad.py", 1, "[[0,\"" + "x".repeat(maxBytes) + "\"],3]", "m"), "413", "Document too large" },
                    // fewer characters than the limit, more UTF-8 bytes
                    { push("bad.py", 1, "[[0,\"" + "é".repeat(maxBytes / 2) + "\"],3]", "m"), "413", "Document too large" },
                    { push("bad.py", 1, "[[0,\"\\ud800\"],3]", "m"), "400", "Invalid changes" },
                    { push("bad.py", 1, nested.toString(), "m"), "400", "Invalid changes" },
                    { push("bad.py", 1, huge.toString(), "m"), "400", "Changes do not fit the document" },
                    { push("bad.py", 1, "[3]", "server"), "400", "Invalid data for doc_push" },
                    { push("../etc/passwd", 0, "[]", "m"), "400", "Invalid file name" },
                    { "{\"type\":\"doc_push\",\"data\":{\"file_name\":\"bad.py\",\"version\":1,\"updates\":[]}}", "400",
                            "Invalid data for doc_push" },
                    { "{\"type\":\"doc_push\",\"data\":{\"file_name\":\"bad.py\",\"updates\":[{\"changes\":[3],\"client_id\":\"m\"}]}}",
                            "400", "Invalid data for doc_push" },
                    { "{\"type\":\"doc_push\",\"data\":{\"file_name\":\"bad.py\",\"version\":1,\"updates\":[{\"changes\":[3]}]}}",
                            "400", "Invalid data for doc_push" },
                    { push("bad.py", 1, "[" + "[".repeat(70) + "]".repeat(70) + "]", "m"), "400", null },
            };
            for (String[] attack : attacks) {
                mallory.send(attack[0]);
                JsonNode error = mallory.nextOfType("error");
                assertThat(error.get("data").get("code").asInt()).as(attack[0].substring(0, Math.min(120, attack[0].length())))
                        .isEqualTo(Integer.parseInt(attack[1]));
                if (attack[2] != null) {
                    assertThat(error.get("data").get("error").asString()).isEqualTo(attack[2]);
                }
                assertThat(error.get("data").get("detail").asString()).doesNotContain("Exception", "at io.");
            }
            // a push from the future is told the version it should have started from
            mallory.send(push("bad.py", 7, "[3]", "m"));
            assertThat(mallory.nextOfType("doc_rejected").get("data").get("version").asLong()).isEqualTo(1);
            assertThat(other.poll(QUIET)).as("the other editor heard nothing of it").isNull();
            other.send(open("bad.py"));
            JsonNode state = other.nextOfType("doc_state");
            assertThat(state.get("data").get("version").asLong()).isEqualTo(1);
            assertThat(state.get("data").get("text").asString()).isEqualTo("abc");
            other.send(push("bad.py", 1, "[3,[0,\"d\"]]", "o"));
            assertThat(apply("abc", other.nextOfType("doc_update"))).isEqualTo("abcd");
        }
    }

    @Test
    void aWholeFileWriteReplacesTheTextOfAnOpenDocument() throws Exception {
        try (RawClient editor = RawClient.connect(this.port, "doc-save?name=eve")) {
            editor.send(open("util.py"));
            editor.nextOfType("doc_state");
            editor.send(push("util.py", 0, "[[0,\"a = 1\"]]", "e"));
            String text = apply("", editor.nextOfType("doc_update"));

            editor.sendCommand("save_file", "{\"file_name\":\"util.py\",\"content\":\"b = 2\\n\"}");
            JsonNode saved = editor.nextOfType("doc_update");
            assertThat(saved.get("data").get("version").asLong()).isEqualTo(2);
            assertThat(saved.get("data").get("user").asString()).isEqualTo("eve");
            assertThat(saved.get("data").get("updates").toString())
                    .isEqualTo("[{\"changes\":[[5,\"b = 2\",\"\"]],\"client_id\":\"server\"}]");
            text = apply(text, saved);
            assertThat(editor.nextOfType("file_saved").get("seq").asLong()).isEqualTo(saved.get("seq").asLong() + 1);

            HttpResponse<String> put = Http.on(this.port).put("/api/v1/sessions/doc-save/files/util.py", "text/plain", "c = 3");
            assertThat(put.statusCode()).isEqualTo(200);
            JsonNode replaced = editor.nextOfType("doc_update");
            assertThat(replaced.get("data").get("version").asLong()).isEqualTo(3);
            assertThat(replaced.get("data").get("user").asString()).isEqualTo("anonymous");
            text = apply(text, replaced);
            assertThat(text).isEqualTo("c = 3");

            // saving what the document holds changes nothing, so no editor's cursor jumps
            editor.sendCommand("save_file", "{\"file_name\":\"util.py\",\"content\":\"c = 3\"}");
            JsonNode next = editor.nextMatching(frame -> isType(frame, "doc_update") || isType(frame, "file_saved"),
                    RawClient.TIMEOUT);
            assertThat(next.get("type").asString()).isEqualTo("file_saved");

            editor.send(push("util.py", 3, "[5,[0,\"!\"]]", "e"));
            assertThat(apply(text, editor.nextOfType("doc_update"))).isEqualTo(content("doc-save", "util.py"))
                    .isEqualTo("c = 3!");
        }
    }

    @Test
    void theStoredFileFollowsTheDocumentWithinThePersistDelay() throws Exception {
        Path stored = this.workspace.dataDir().toAbsolutePath().resolve("sessions/doc-disk/files/disk.py");
        try (RawClient editor = RawClient.connect(this.port, "doc-disk")) {
            editor.send(open("disk.py"));
            editor.nextOfType("doc_state");
            editor.send(push("disk.py", 0, "[[0,\"x = 1\"]]", "e"));
            editor.nextOfType("doc_update");
            // the new file is announced once it is stored
            JsonNode added = editor.nextOfType("session_update");
            assertThat(added.get("data").get("update_type").asString()).isEqualTo("file_added");
            assertThat(Files.readString(stored)).isEqualTo("x = 1");
            editor.send(push("disk.py", 1, "[5,[0,\"0\"]]", "e"));
            editor.nextOfType("doc_update");
            // nothing reads the file meanwhile (a read would store it first): the persist delay alone stores it
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> "x = 10".equals(Files.readString(stored)));
        }
    }

    @Test
    void aRunSeesTheTextItsEditorsSee() throws Exception {
        try (RawClient editor = RawClient.connect(this.port, "doc-run")) {
            editor.send(open("data.txt"));
            editor.nextOfType("doc_state");
            editor.send(push("data.txt", 0, "[[0,\"typed\",\"not saved\"]]", "e"));
            editor.nextOfType("doc_update");
            HttpResponse<String> run = Http.on(this.port).postJson("/api/v1/execution/execute/websocket",
                    "{\"session_id\":\"doc-run\",\"language\":\"python\","
                            + "\"code\":\"print(open('data.txt').read().upper())\"}");
            assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
            assertThat(JSON.readTree(run.body()).get("stdout").asString()).isEqualTo("TYPED\nNOT SAVED\n");
        }
    }

    @Test
    void aResumeAfterADisconnectReplaysTheDocUpdates() throws Exception {
        String epoch;
        long seq;
        try (RawClient away = RawClient.connect(this.port, "doc-resume")) {
            epoch = away.connectFrame().get("data").get("epoch").asString();
            away.send(open("r.txt"));
            seq = away.nextOfType("doc_state").get("data").get("seq").asLong();
        }
        try (RawClient editor = RawClient.connect(this.port, "doc-resume")) {
            editor.send(open("r.txt"));
            editor.nextOfType("doc_state");
            editor.send(push("r.txt", 0, "[[0,\"while you were away\"]]", "e"));
            editor.nextOfType("doc_update");
        }
        try (RawClient back = RawClient.connect(this.port, "doc-resume?since=" + seq + "&epoch=" + epoch)) {
            assertThat(back.connectFrame().get("data").get("recovered").asBoolean()).isTrue();
            JsonNode replayed = back.nextOfType("doc_update");
            assertThat(replayed.get("data").get("version").asLong()).isEqualTo(1);
            assertThat(apply("", replayed)).isEqualTo("while you were away");
        }
    }

    @Test
    void pushesBeyondTheEditorsRateAreRefusedWith429() throws Exception {
        try (RawClient flooder = RawClient.connect(this.port, "doc-flood");
                RawClient calm = RawClient.connect(this.port, "doc-flood")) {
            flooder.send(open("f.txt"));
            flooder.nextOfType("doc_state");
            // each push inserts one x on the version the one before it made: once one is refused, the rest are behind
            for (int i = 0; i < 1000; i++) {
                flooder.send(push("f.txt", i, "[[0,\"x\"]" + (i > 0 ? "," + i : "") + "]", "f"));
            }
            int taken = 0;
            int refused = 0;
            int rejected = 0;
            while (taken + refused + rejected < 1000) {
                JsonNode frame = flooder.nextMatching(f -> isType(f, "doc_update") || isType(f, "error")
                        || isType(f, "doc_rejected"), RawClient.TIMEOUT);
                if (isType(frame, "doc_update")) {
                    taken++;
                }
                else if (isType(frame, "error")) {
                    assertThat(frame.get("data").get("code").asInt()).isEqualTo(429);
                    assertThat(frame.get("data").get("retry_after_ms").asLong()).isPositive();
                    refused++;
                }
                else {
                    rejected++;
                }
            }
            assertThat(refused).isPositive();
            assertThat(taken).isLessThan(1000).isGreaterThanOrEqualTo(1);
            calm.send(open("f.txt"));
            JsonNode state = calm.nextOfType("doc_state");
            assertThat(state.get("data").get("version").asLong()).isEqualTo(taken);
            assertThat(state.get("data").get("text").asString()).isEqualTo("x".repeat(taken));
            // another editor is not limited by the flooder's buckets
            calm.send(push("f.txt", taken, "[" + taken + ",[0,\"!\"]]", "c"));
            assertThat(calm.nextMatching(f -> isType(f, "doc_update") && "c".equals(
                    f.get("data").get("updates").get(0).get("client_id").asString()), RawClient.TIMEOUT)
                    .get("data").get("version").asLong()).isEqualTo(taken + 1);
        }
    }

    private String content(String session, String file) throws Exception {
        HttpResponse<String> read = Http.on(this.port).get("/api/v1/sessions/" + session + "/files/" + file);
        assertThat(read.statusCode()).isEqualTo(200);
        return JSON.readTree(read.body()).get("content").asString();
    }
}
