package io.ghostide.realtime.execution;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RedisServerExtension;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The instance that runs a program stops answering, then dies (a real process of its own, paused
 * with SIGSTOP and killed with SIGKILL): a stop or input sent to the other instance is answered
 * 503 within the forward timeout instead of waiting, a refused stop is not carried out later,
 * and once the dead instance's entries expire its run is answered 409 as one whose instance is gone.
 */
class ClusterRunOwnerGoneEndToEndTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final String[] PROPERTIES = { "ghostide.cluster.heartbeat=1s", "ghostide.cluster.node-timeout=8s",
            "ghostide.execution.forward-timeout=1s" };

    @RegisterExtension
    static final RedisServerExtension cluster = new RedisServerExtension();

    @Test
    void aStopForAnInstanceThatIsGoneIsAnsweredInBoundedTime() throws Exception {
        ServerInstance survivor = cluster.instance("run-survivor", PROPERTIES);
        ServerProcess owner = cluster.process("run-owner", PROPERTIES);
        RawClient onOwner = cluster.track(RawClient.connect(owner.port(), "owner-gone"));
        RawClient onSurvivor = cluster.track(RawClient.connect(survivor.port(), "owner-gone"));
        onOwner.sendCommand("execute_code", JSON.writeValueAsString(Map.of("language", "python", "interactive", true,
                "code", "import time\nprint('looping', flush=True)\nwhile True:\n    time.sleep(0.05)\n")));
        String id = onSurvivor.nextOfType("execution_start").path("data").path("execution_id").asString();
        onSurvivor.nextMatching(frame -> frame.path("data").path("output").asString().contains("looping"), WAIT);

        // frozen: its subscription is still there, but nothing answers
        owner.pause();
        long sent = System.nanoTime();
        onSurvivor.sendCommand("execution_stop", "{\"execution_id\":\"" + id + "\"}");
        JsonNode refusal = onSurvivor.nextOfType("error").path("data");
        assertThat(refusal.path("code").asInt()).as(refusal.toString()).isEqualTo(503);
        assertThat(refusal.path("detail").asString()).contains("did not answer");
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        HttpResponse<String> rest = post(survivor, "/api/v1/executions/" + id + "/stop");
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(503);
        assertThat(rest.body()).doesNotContain("Exception");

        // thawed, it drops the stops its senders gave up on (and logs each): the run goes on
        owner.resume();
        String dropped = "Dropped a forwarded command for run " + id;
        // both stops, the command's and the REST call's
        await().atMost(WAIT).until(() -> owner.log().lines().filter(line -> line.contains(dropped)).count() >= 2);
        for (JsonNode frame; (frame = onOwner.poll(Duration.ZERO)) != null;) {
            assertThat(frame.path("type").asString()).as("nothing of the refused stops").isNotEqualTo("execution_complete");
        }
        onSurvivor.sendCommand("execution_input", "{\"execution_id\":\"" + id + "\",\"data\":\"still here\\n\"}");
        assertThat(onSurvivor.nextMatching(frame -> frame.path("type").asString().equals("execution_input")
                || frame.path("type").asString().equals("error"), WAIT).path("type").asString())
                .isEqualTo("execution_input");

        // the owner writes its transcript behind the session: what it wrote before it died stays
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(transcriptText(survivor, id)).isEqualTo("stdout:looping\ninput:still here\n"));
        owner.kill();
        // its channel has no subscriber now: answered at once
        onSurvivor.sendCommand("execution_stop", "{\"execution_id\":\"" + id + "\"}");
        JsonNode gone = onSurvivor.nextOfType("error").path("data");
        assertThat(gone.path("code").asInt()).as(gone.toString()).isEqualTo(503);

        // its entries expire with the node timeout: the run is over, and its transcript stays readable
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(post(survivor, "/api/v1/executions/" + id + "/stop").statusCode()).isEqualTo(409));
        // told as a run whose instance is gone, not as one that ended, on REST and on the socket
        assertThat(JSON.readTree(post(survivor, "/api/v1/executions/" + id + "/stop").body()).path("title").asString())
                .isEqualTo("Run lost");
        onSurvivor.sendCommand("execution_input", "{\"execution_id\":\"" + id + "\",\"data\":\"x\"}");
        JsonNode lost = onSurvivor.nextOfType("error").path("data");
        assertThat(lost.path("code").asInt()).isEqualTo(409);
        assertThat(lost.path("error").asString()).isEqualTo("Run lost");
        assertThat(lost.path("detail").asString()).contains("instance that ran it is gone");
        assertThat(transcriptText(survivor, id)).isEqualTo("stdout:looping\ninput:still here\n");
    }

    // the transcript's events as kind:text, a kind named where it changes (a line may come in several chunks)
    private static String transcriptText(ServerInstance instance, String id) {
        JsonNode transcript = JSON.readTree(instance.get("/api/v1/executions/" + id + "/transcript").body());
        StringBuilder events = new StringBuilder();
        String kind = "";
        for (JsonNode event : transcript.path("events")) {
            if (!event.path("kind").asString().equals(kind)) {
                kind = event.path("kind").asString();
                events.append(kind).append(':');
            }
            events.append(event.path("text").asString());
        }
        return events.toString();
    }

    private static HttpResponse<String> post(ServerInstance instance, String path) {
        return instance.http().post(path);
    }
}
