package io.ghostide.realtime.editing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.TwoInstances;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.editing.EditingClients.apply;
import static io.ghostide.realtime.editing.EditingClients.helloThenBothPushAtOnce;
import static io.ghostide.realtime.editing.EditingClients.loserPushesItsRebasedChange;
import static io.ghostide.realtime.editing.EditingClients.isType;
import static io.ghostide.realtime.editing.EditingClients.open;
import static io.ghostide.realtime.editing.EditingClients.push;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared editing in {@code redis} mode, two instances on one real {@code redis-server}: one
 * version is taken once whichever instance its pushes reach, every copy and the stored file end
 * up equal, {@code seq} order is version order, and an instance that stops loses nothing it took.
 */
class ClusterDocumentEditingEndToEndTests {

    @RegisterExtension
    static final TwoInstances cluster = TwoInstances.of("docs", "ghostide.connection.max-per-session=100",
            "ghostide.rate-limit.overall-per-second=1000", "ghostide.rate-limit.overall-burst=1000",
            "ghostide.rate-limit.messages-per-second=1000", "ghostide.rate-limit.messages-burst=1000",
            "ghostide.workspace.max-bytes-per-session=4KB");

    private static String session(String name) {
        return name + "-" + Long.toHexString(System.nanoTime());
    }

    private static String stored(ServerInstance instance, String session, String fileName) {
        return instance.json("/api/v1/sessions/" + session + "/files/" + fileName).get("content").asString();
    }

    /** Pushes through A, then a state on B: the file's size and version are the document's at its seq. */
    @Test
    void theStateOnTheOtherInstanceTellsTheDocumentsSize() {
        String session = session("docs-state");
        try (RawClient editor = RawClient.connect(cluster.a().port(), session)) {
            String text = DocumentSnapshotEndToEndTests.edited(editor, "notes.txt");
            try (RawClient late = RawClient.connect(cluster.b().port(), session + "?state=true")) {
                JsonNode file = DocumentSnapshotEndToEndTests.onlyFile(late.next());
                assertThat(file.path("version").asLong()).isEqualTo(2);
                assertThat(file.path("size").asLong()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
            }
        }
    }

    /** Two pushes on one version, through two instances at once: one is taken, the other rebases. */
    @Test
    void ofTwoPushesOnOneVersionThroughTwoInstancesOneIsTaken() throws Exception {
        String session = session("docs-race");
        try (RawClient a = RawClient.connect(cluster.a().port(), session);
                RawClient b = RawClient.connect(cluster.b().port(), session)) {
            String[] before = helloThenBothPushAtOnce(a, b);
            Heard byA = Heard.by(a);
            Heard byB = Heard.by(b);
            JsonNode updateSeenByA = byA.update();
            JsonNode updateSeenByB = byB.update();
            assertThat(updateSeenByA.get("data").get("version").asLong()).isEqualTo(2);
            assertThat(updateSeenByB.get("seq").asLong()).isEqualTo(updateSeenByA.get("seq").asLong());
            boolean aWon = "a".equals(updateSeenByA.get("data").get("updates").get(0).get("client_id").asString());
            assertThat((aWon ? byA : byB).rejected()).as("the winner was refused").isNull();
            JsonNode rejected = (aWon ? byB : byA).rejected();
            if (rejected == null) {
                rejected = (aWon ? b : a).nextOfType("doc_rejected");
            }
            assertThat(rejected.get("data").get("version").asLong()).isEqualTo(2);
            String[] after = loserPushesItsRebasedChange(a, b, before, updateSeenByA, updateSeenByB);
            assertThat(after[0]).isEqualTo(after[1]).isEqualTo("AhelloB")
                    .isEqualTo(stored(cluster.a(), session, "race.txt")).isEqualTo(stored(cluster.b(), session, "race.txt"));
        }
    }

    /**
     * Editors on both instances push as fast as they may, each rebasing by retrying on the
     * version it hears: versions come without a gap, in {@code seq} order, and all copies agree.
     */
    @Test
    void manyPushesFromBothInstancesConvergeInSeqOrder() throws Exception {
        String session = session("docs-busy");
        int perEditor = 25;
        try (RawClient a = RawClient.connect(cluster.a().port(), session);
                RawClient b = RawClient.connect(cluster.b().port(), session);
                RawClient watcher = RawClient.connect(cluster.b().port(), session)) {
            a.send(open("busy.txt"));
            a.nextOfType("doc_state");
            List<Thread> editors = new ArrayList<>();
            for (RawClient editor : List.of(a, b)) {
                String id = editor == a ? "a" : "b";
                editors.add(new Thread(() -> edit(editor, id, perEditor)));
            }
            editors.forEach(Thread::start);
            String text = "";
            long seq = 0;
            for (long version = 1; version <= 2L * perEditor; version++) {
                JsonNode update = watcher.nextOfType("doc_update");
                assertThat(update.get("data").get("version").asLong()).isEqualTo(version);
                assertThat(update.get("seq").asLong()).isGreaterThan(seq);
                seq = update.get("seq").asLong();
                text = apply(text, update);
            }
            for (Thread editor : editors) {
                editor.join(60_000);
            }
            assertThat(text).hasSize(2 * perEditor).isEqualTo(stored(cluster.a(), session, "busy.txt"))
                    .isEqualTo(stored(cluster.b(), session, "busy.txt"));
            try (RawClient late = RawClient.connect(cluster.b().port(), session)) {
                late.send(open("busy.txt"));
                JsonNode state = late.nextOfType("doc_state");
                assertThat(state.get("data").get("version").asLong()).isEqualTo(2L * perEditor);
                assertThat(state.get("data").get("text").asString()).isEqualTo(text);
            }
        }
    }

    /** Saves, a PUT and a delete through B reach an editor on A as whole-text updates, in version order. */
    @Test
    void wholeFileWritesThroughTheOtherInstanceReplaceTheText() throws Exception {
        String session = session("docs-save");
        try (RawClient editor = RawClient.connect(cluster.a().port(), session + "?name=eve");
                RawClient saver = RawClient.connect(cluster.b().port(), session + "?name=sam")) {
            editor.send(open("util.py"));
            editor.nextOfType("doc_state");
            editor.send(push("util.py", 0, "[[0,\"a = 1\"]]", "e"));
            String text = apply("", editor.nextOfType("doc_update"));
            // the push stored the file first: the session hears of it, as from a save
            JsonNode added = saver.nextOfType("session_update").get("data");
            assertThat(added.toString()).contains("file_added", "util.py");
            saver.sendCommand("save_file", "{\"file_name\":\"util.py\",\"content\":\"b = 2\"}");
            JsonNode saved = editor.nextOfType("doc_update");
            assertThat(saved.get("data").get("version").asLong()).isEqualTo(2);
            assertThat(saved.get("data").get("user").asString()).isEqualTo("sam");
            assertThat(saved.get("data").get("updates").get(0).get("client_id").asString()).isEqualTo("server");
            text = apply(text, saved);
            java.net.http.HttpResponse<String> put = cluster.b().http()
                    .put("/api/v1/sessions/" + session + "/files/util.py", "text/plain", "c = 3");
            assertThat(put.statusCode()).isEqualTo(200);
            JsonNode replaced = editor.nextOfType("doc_update");
            assertThat(replaced.get("data").get("version").asLong()).isEqualTo(3);
            text = apply(text, replaced);
            assertThat(text).isEqualTo("c = 3").isEqualTo(stored(cluster.a(), session, "util.py"));
            java.net.http.HttpResponse<String> deleted = cluster.b().http()
                    .delete("/api/v1/sessions/" + session + "/files/util.py");
            assertThat(deleted.statusCode()).isBetween(200, 204);
            JsonNode emptied = editor.nextOfType("doc_update");
            assertThat(emptied.get("data").get("version").asLong()).isEqualTo(4);
            assertThat(apply(text, emptied)).isEmpty();
            assertThat(cluster.a().get("/api/v1/sessions/" + session + "/files/util.py").statusCode()).isEqualTo(404);
            editor.send(push("util.py", 4, "[[0,\"d\"]]", "e"));
            assertThat(apply("", editor.nextOfType("doc_update"))).isEqualTo("d")
                    .isEqualTo(stored(cluster.b(), session, "util.py"));
        }
    }

    /** Pushes that cannot be taken get a clear error through either instance and change nothing anywhere. */
    @Test
    void pushesThatCannotBeTakenChangeNothingOnEitherInstance() throws Exception {
        String session = session("docs-bad");
        try (RawClient mallory = RawClient.connect(cluster.a().port(), session);
                RawClient other = RawClient.connect(cluster.b().port(), session)) {
            mallory.send(open("bad.py"));
            mallory.nextOfType("doc_state");
            mallory.send(push("bad.py", 0, "[[0,\"abc\"]]", "m"));
            mallory.nextOfType("doc_update");
            other.nextOfType("doc_update");
            other.nextOfType("session_update");
            String[][] attacks = {
                    { push("bad.py", 1, "[[0,\"x\"],5]", "m"), "400" },
                    { push("bad.py", 1, "\"not a change set\"", "m"), "400" },
                    { push("bad.py", 1, "[[0,\"\\ud800\"],3]", "m"), "400" },
                    { push("bad.py", 1, "[[0,\"" + "y".repeat(5000) + "\"],3]", "m"), "507" },
                    { push("bad.py", 1, "[3,[0,\"z\"]]", "server"), "400" } };
            for (String[] attack : attacks) {
                mallory.send(attack[0]);
                JsonNode error = mallory.nextMatching(frame -> isType(frame, "error") || isType(frame, "doc_update"),
                        RawClient.TIMEOUT);
                assertThat(error.get("type").asString()).as(attack[0]).isEqualTo("error");
                assertThat(error.get("data").get("code").asInt()).as(error.toString()).isEqualTo(Integer.parseInt(attack[1]));
                assertThat(error.toString()).doesNotContain("\tat ", "Exception:");
            }
            assertThat(other.poll(java.time.Duration.ofMillis(500))).as("the other editor hears nothing").isNull();
            assertThat(stored(cluster.b(), session, "bad.py")).isEqualTo("abc");
            other.send(open("bad.py"));
            JsonNode state = other.nextOfType("doc_state").get("data");
            assertThat(state.get("version").asLong()).isEqualTo(1);
            assertThat(state.get("text").asString()).isEqualTo("abc");
        }
    }

    /** A cursor sent through A reaches a subscriber on B, without a seq, and is not kept for a resume. */
    @Test
    void awarenessThroughOneInstanceReachesSubscribersOnTheOther() {
        String session = session("docs-aware");
        try (RawClient ann = RawClient.connect(cluster.a().port(), session + "?name=ann");
                RawClient onB = RawClient.connect(cluster.b().port(), session)) {
            ann.send("{\"type\":\"awareness\",\"data\":{\"file_name\":\"a.py\",\"selection\":{\"anchor\":1,"
                    + "\"head\":3}}}");
            JsonNode heard = onB.nextOfType("awareness");
            assertThat(heard.has("seq")).isFalse();
            assertThat(heard.get("data").get("connection_id").asString()).isEqualTo(ann.connectionId());
            assertThat(heard.get("data").get("selection").get("head").asInt()).isEqualTo(3);
            // the sender's own instance delivers it once, not again from the channel
            assertThat(ann.nextOfType("awareness").get("data").get("user").asString()).isEqualTo("ann");
            assertThat(ann.poll(java.time.Duration.ofMillis(500))).isNull();
            try (RawClient resumed = RawClient.connect(cluster.b().port(), session + "?since=0&epoch="
                    + onB.connectFrame().get("data").get("epoch").asString())) {
                assertThat(resumed.connectFrame().get("data").get("recovered").asBoolean()).isTrue();
                JsonNode frame;
                while ((frame = resumed.poll(java.time.Duration.ofMillis(500))) != null) {
                    assertThat(frame.get("type").asString()).as("replayed").isNotEqualTo("awareness");
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Edits through a third instance that then stops are all there through B, in the file and
     * in the document B opens.
     */
    @Test
    void anInstanceThatStopsLosesNoEditItTook() {
        String session = session("docs-stop");
        ServerInstance third = ServerInstance.redis(cluster.redis(), "docs-c");
        String text = "";
        try (RawClient editor = RawClient.connect(third.port(), session)) {
            editor.send(open("kept.py"));
            editor.nextOfType("doc_state");
            for (int version = 0; version < 10; version++) {
                editor.send(push("kept.py", version, "[[0,\"" + version + "\"]" + (version > 0 ? "," + version : "") + "]",
                        "c"));
                text = apply(text, editor.nextOfType("doc_update"));
            }
        }
        finally {
            third.close();
        }
        assertThat(text).isEqualTo("9876543210").isEqualTo(stored(cluster.b(), session, "kept.py"));
        try (RawClient onB = RawClient.connect(cluster.b().port(), session)) {
            onB.send(open("kept.py"));
            JsonNode state = onB.nextOfType("doc_state").get("data");
            assertThat(state.get("version").asLong()).isEqualTo(10);
            assertThat(state.get("text").asString()).isEqualTo(text);
        }
    }

    // pushes one character at the front `count` times; the text at version v has v characters
    private static void edit(RawClient editor, String id, int count) {
        long version = 0;
        for (int taken = 0; taken < count;) {
            editor.send(push("busy.txt", version, "[[0,\"" + id + "\"]" + (version > 0 ? "," + version : "") + "]", id));
            JsonNode answer = editor.nextMatching(frame -> isType(frame, "doc_rejected") || (isType(frame, "doc_update")
                    && id.equals(frame.get("data").get("updates").get(0).get("client_id").asString())), RawClient.TIMEOUT);
            if (isType(answer, "doc_update")) {
                taken++;
            }
            version = answer.get("data").get("version").asLong();
        }
    }

    /**
     * The first {@code doc_update} a client hears, and a {@code doc_rejected} it heard before it:
     * a loser's rejection comes straight to it and the winning update through the session, in
     * either order.
     */
    private record Heard(JsonNode update, @Nullable JsonNode rejected) {

        static Heard by(RawClient client) {
            JsonNode frame = client.nextMatching(heard -> isType(heard, "doc_update") || isType(heard, "doc_rejected"),
                    RawClient.TIMEOUT);
            return isType(frame, "doc_rejected") ? new Heard(client.nextOfType("doc_update"), frame) : new Heard(frame, null);
        }
    }
}
