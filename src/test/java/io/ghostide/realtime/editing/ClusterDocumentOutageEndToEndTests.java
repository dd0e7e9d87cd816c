package io.ghostide.realtime.editing;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RedisServer;
import io.ghostide.realtime.support.ServerInstance;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.editing.EditingClients.apply;
import static io.ghostide.realtime.editing.EditingClients.isType;
import static io.ghostide.realtime.editing.EditingClients.open;
import static io.ghostide.realtime.editing.EditingClients.push;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared editing in {@code redis} mode while Redis is away: a push and an open get
 * {@code error} 503 and nothing changes; when Redis returns with its data the document is as
 * it was and takes pushes on its version again.
 */
class ClusterDocumentOutageEndToEndTests {

    @Test
    void documentCommandsRefusedWith503DuringARedisOutageChangeNothing() {
        String session = "docs-outage-" + Long.toHexString(System.nanoTime());
        RedisServer redis = RedisServer.startPersistent();
        ServerInstance a = null;
        try {
            a = ServerInstance.redis(redis, "outage-a");
            try (RawClient editor = RawClient.connect(a.port(), session)) {
                editor.send(open("o.txt"));
                editor.nextOfType("doc_state");
                editor.send(push("o.txt", 0, "[[0,\"kept\"]]", "e"));
                String text = apply("", editor.nextOfType("doc_update"));
                redis.kill();
                editor.send(push("o.txt", 1, "[4,[0,\"!\"]]", "e"));
                JsonNode error = editor.nextMatching(frame -> isType(frame, "error") || isType(frame, "doc_update"),
                        RawClient.TIMEOUT);
                assertThat(error.get("type").asString()).isEqualTo("error");
                assertThat(error.get("data").get("code").asInt()).isEqualTo(503);
                assertThat(error.toString()).doesNotContain("Exception\\n\\tat", "at io.");
                editor.send(open("o.txt"));
                JsonNode openError = editor.nextMatching(frame -> isType(frame, "error") || isType(frame, "doc_state"),
                        RawClient.TIMEOUT);
                assertThat(openError.get("data").get("code").asInt()).isEqualTo(503);
                editor.send("{\"type\":\"awareness\",\"data\":{\"file_name\":\"o.txt\"}}");
                JsonNode awarenessError = editor.nextMatching(frame -> isType(frame, "error") || isType(frame, "awareness"),
                        RawClient.TIMEOUT);
                assertThat(awarenessError.get("type").asString()).as("nobody hears it, the sender included")
                        .isEqualTo("error");
                assertThat(awarenessError.get("data").get("code").asInt()).isEqualTo(503);
                redis.restart();
                ServerInstance instance = a;
                await().atMost(java.time.Duration.ofSeconds(30)).until(
                        () -> instance.get("/api/v1/sessions/" + session + "/files/o.txt").statusCode() == 200);
                assertThat(a.json("/api/v1/sessions/" + session + "/files/o.txt").get("content").asString())
                        .isEqualTo(text).isEqualTo("kept");
                editor.send(open("o.txt"));
                JsonNode state = editor.nextOfType("doc_state").get("data");
                assertThat(state.get("version").asLong()).isEqualTo(1);
                assertThat(state.get("text").asString()).isEqualTo("kept");
                editor.send(push("o.txt", 1, "[4,[0,\"!\"]]", "e"));
                assertThat(apply(text, editor.nextOfType("doc_update"))).isEqualTo("kept!");
            }
        }
        finally {
            ServerInstance.closeQuietly(a, redis);
        }
    }
}
