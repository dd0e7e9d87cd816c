package io.ghostide.realtime.editing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.support.RawClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** What the editing tests send, and how an editor applies what it hears, as a CodeMirror editor would. */
final class EditingClients {

    private EditingClients() {
    }

    static String open(String fileName) {
        return "{\"type\":\"doc_open\",\"data\":{\"file_name\":\"" + fileName + "\"}}";
    }

    /** A push of one update with {@code changes} (JSON text) made on {@code version}. */
    static String push(String fileName, long version, String changes, String clientId) {
        return "{\"type\":\"doc_push\",\"data\":{\"file_name\":\"" + fileName + "\",\"version\":" + version
                + ",\"updates\":[{\"changes\":" + changes + ",\"client_id\":\"" + clientId + "\"}]}}";
    }

    /** The text after every update of a {@code doc_update} is applied to {@code text}. */
    static String apply(String text, JsonNode docUpdate) {
        String result = text;
        for (JsonNode update : docUpdate.get("data").get("updates")) {
            result = ChangeSet.parse(update.get("changes"), result.length(), Long.MAX_VALUE).apply(result);
        }
        return result;
    }

    static boolean isType(JsonNode frame, String type) {
        return type.equals(frame.path("type").asString());
    }

    /**
     * Two editors of {@code race.txt}: {@code a} opens it and writes "hello", both hear it, then each
     * inserts at its own end of "hello" on version 1 at the same moment ("A" first, "B" last).
     *
     * @return the text each editor had before the race: "hello", as each heard it
     */
    static String[] helloThenBothPushAtOnce(RawClient a, RawClient b) throws InterruptedException {
        a.send(open("race.txt"));
        a.nextOfType("doc_state");
        a.send(push("race.txt", 0, "[[0,\"hello\"]]", "a"));
        String textA = apply("", a.nextOfType("doc_update"));
        String textB = apply("", b.nextOfType("doc_update"));
        String fromA = push("race.txt", 1, "[[0,\"A\"],5]", "a");
        String fromB = push("race.txt", 1, "[5,[0,\"B\"]]", "b");
        CountDownLatch start = new CountDownLatch(1);
        Thread sendA = new Thread(() -> awaitThen(start, () -> a.send(fromA)));
        Thread sendB = new Thread(() -> awaitThen(start, () -> b.send(fromB)));
        sendA.start();
        sendB.start();
        start.countDown();
        sendA.join();
        sendB.join();
        return new String[] { textA, textB };
    }

    /**
     * The end of that race, once each editor applied nothing yet but heard the winner's
     * {@code doc_update} (version 2) and the loser its {@code doc_rejected}: the loser pushes its
     * change rebased over the winner's, as {@code @codemirror/collab}'s {@code rebaseUpdates} maps
     * it, and each editor applies what it heard, the rebased change (version 3) last.
     *
     * @return the text each editor has then, a's and b's
     */
    static String[] loserPushesItsRebasedChange(RawClient a, RawClient b, String[] before, JsonNode updateSeenByA,
            JsonNode updateSeenByB) {
        boolean aWon = "a".equals(updateSeenByA.get("data").get("updates").get(0).get("client_id").asString());
        String textA = apply(before[0], updateSeenByA);
        String textB = apply(before[1], updateSeenByB);
        (aWon ? b : a).send(aWon ? push("race.txt", 2, "[6,[0,\"B\"]]", "b") : push("race.txt", 2, "[[0,\"A\"],6]", "a"));
        JsonNode rebased = a.nextOfType("doc_update");
        assertThat(rebased.get("data").get("version").asLong()).isEqualTo(3);
        return new String[] { apply(textA, rebased), apply(textB, b.nextOfType("doc_update")) };
    }

    private static void awaitThen(CountDownLatch start, Runnable action) {
        try {
            start.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        action.run();
    }
}
