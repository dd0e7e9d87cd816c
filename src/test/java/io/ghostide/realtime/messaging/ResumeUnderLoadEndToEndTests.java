package io.ghostide.realtime.messaging;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.support.RawStompSocket;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompHeaders;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resume while the session is busy: connections cut with a TCP reset in the middle of a
 * running program, and resumes racing concurrent publishers, with raw and STOMP subscribers
 * side by side. Every subscriber must see one order, without gap or duplicate.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // its clients mix ones that drop presence_* with ones that keep them; presence in the one
        // order is covered by ClusterDeliveryEndToEndTests and PresenceEndToEndTests
        properties = "ghostide.presence.announce=false")
class ResumeUnderLoadEndToEndTests {

    private static final int LINES = 3000;

    @LocalServerPort
    int port;

    @Autowired
    MessageRouter router;

    /** What one subscriber received: every seq in order and the program's stdout. */
    private static final class Received {

        final List<Long> seqs = new ArrayList<>();

        final StringBuilder stdout = new StringBuilder();

        boolean complete;

        void add(JsonNode message) {
            this.seqs.add(message.get("seq").asLong());
            String type = message.get("type").asString();
            if (type.equals("execution_output") && message.get("data").get("stream").asString().equals("stdout")) {
                this.stdout.append(message.get("data").get("output").asString());
            }
            this.complete |= type.equals("execution_complete");
        }

        int outputs() {
            return (int) this.stdout.chars().filter(c -> c == '\n').count();
        }
    }

    private CompletableFuture<HttpResponse<String>> run(String session, String code) {
        String body = JSON.writeValueAsString(Map.of("session_id", session, "language", "python", "code", code,
                "timeout", 120));
        return Http.on(this.port).withTimeout(Duration.ofSeconds(180)).postJsonAsync(
                "/api/v1/execution/execute/websocket", body);
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void clientsOfBothTransportsCutMidProgramResumeWithEveryLineOnceInOrder() throws Exception {
        String session = "cut-mid-program";
        String program = "import time\n"
                + "for i in range(" + LINES + "):\n"
                + "    print(f'line {i:04d} of the program', flush=True)\n"
                + "    if i % 30 == 0:\n"
                + "        time.sleep(0.02)\n";
        String expected = IntStream.range(0, LINES).mapToObj(i -> String.format("line %04d of the program\n", i))
                .collect(Collectors.joining());
        Received reference = new Received();
        Received raw = new Received();
        Received stomp = new Received();
        try (RawClient stayed = RawClient.connect(this.port, session)) {
            String epoch = stayed.connectFrame().get("data").get("epoch").asString();
            RawSocket rawSocket = RawSocket.upgrade(this.port, "/ws/" + session, 0);
            assertThat(json(rawSocket.readMessage().text()).get("type").asString()).isEqualTo("connect");
            RawStompSocket stompSocket = RawStompSocket.connect(this.port);
            stompSocket.send("SUBSCRIBE", Map.of("id", "s1", "destination", "/topic/session/" + session, "receipt", "r1"));
            assertThat(json(stompSocket.next().body()).get("type").asString()).isEqualTo("subscribed");

            CompletableFuture<HttpResponse<String>> result = run(session, program);
            // each reads a while, then its connection is cut with a TCP reset (no close frame)
            while (raw.outputs() < 200) {
                raw.add(json(rawSocket.readMessage().text()));
            }
            rawSocket.reset();
            while (stomp.outputs() < 400) {
                RawStompSocket.Frame frame = stompSocket.next();
                if (frame.command().equals("MESSAGE")) {
                    stomp.add(json(frame.body()));
                }
            }
            stompSocket.reset();
            // the program goes on without them for a while
            while (reference.outputs() < 1200) {
                reference.add(stayed.next());
            }
            long rawSince = raw.seqs.get(raw.seqs.size() - 1);
            try (RawSocket back = RawSocket.upgrade(this.port, "/ws/" + session + "?since=" + rawSince + "&epoch=" + epoch, 0)) {
                JsonNode connect = json(back.readMessage().text()).get("data");
                assertThat(connect.get("recovered").asBoolean()).isTrue();
                assertThat(connect.get("missed").asInt()).isPositive();
                while (!raw.complete) {
                    raw.add(json(back.readMessage().text()));
                }
                System.out.printf("raw resume: since %d, %d messages replayed%n", rawSince, connect.get("missed").asInt());
            }
            long stompSince = stomp.seqs.get(stomp.seqs.size() - 1);
            try (RawStompSocket back = RawStompSocket.connect(this.port)) {
                back.send("SUBSCRIBE", Map.of("id", "s2", "destination", "/topic/session/" + session,
                        "since", Long.toString(stompSince), "epoch", epoch));
                JsonNode subscribed = json(back.next().body());
                assertThat(subscribed.get("type").asString()).isEqualTo("subscribed");
                assertThat(subscribed.get("data").get("recovered").asBoolean()).isTrue();
                while (!stomp.complete) {
                    RawStompSocket.Frame frame = back.next();
                    if (frame.command().equals("MESSAGE")) {
                        stomp.add(json(frame.body()));
                    }
                }
                System.out.printf("stomp resume: since %d, %d messages replayed%n", stompSince,
                        subscribed.get("data").get("missed").asInt());
            }
            while (!reference.complete) {
                reference.add(stayed.next());
            }
            assertThat(result.get(3, TimeUnit.MINUTES).statusCode()).isEqualTo(200);
        }
        assertThat(reference.stdout.toString()).isEqualTo(expected);
        for (Received resumed : List.of(raw, stomp)) {
            assertThat(resumed.stdout.toString()).isEqualTo(reference.stdout.toString());
            assertThat(resumed.seqs).isEqualTo(reference.seqs);
        }
        for (int i = 1; i < reference.seqs.size(); i++) {
            assertThat(reference.seqs.get(i)).isEqualTo(reference.seqs.get(i - 1) + 1);
        }
    }

    @Test
    void resumesRacingConcurrentPublishersJoinReplayToLiveOnBothTransports() throws Exception {
        String session = "resume-race";
        int publishers = 3;
        int each = 500;
        int total = publishers * each;
        try (RawClient liveRaw = RawClient.connect(this.port, session);
                StompClient liveStomp = StompClient.connect(this.port);
                StompClient resumingStomp = StompClient.connect(this.port)) {
            String epoch = liveRaw.connectFrame().get("data").get("epoch").asString();
            StompClient.Subscription liveTopic = liveStomp.subscribe("/topic/session/" + session);
            ExecutorService pool = Executors.newFixedThreadPool(publishers);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> running = new ArrayList<>();
                for (int t = 0; t < publishers; t++) {
                    int thread = t;
                    running.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < each; i++) {
                            this.router.publishExecutionOutput(session, "run-" + thread, i + "\n", StreamType.STDOUT);
                        }
                        return null;
                    }));
                }
                start.countDown();
                // resume while they publish: from a seq already well behind the session
                List<Long> rawSeen = new ArrayList<>();
                while (rawSeen.size() < 100) {
                    rawSeen.add(liveRaw.next().get("seq").asLong());
                }
                RawClient resumingRaw = RawClient.connect(this.port, session + "?since=50&epoch=" + epoch);
                StompHeaders headers = new StompHeaders();
                headers.setDestination("/topic/session/" + session);
                headers.set("since", "60");
                headers.set("epoch", epoch);
                StompClient.Subscription resumedTopic = resumingStomp.subscribe(headers);
                for (Future<?> future : running) {
                    future.get(2, TimeUnit.MINUTES);
                }
                assertThat(resumingRaw.connectFrame().get("data").get("recovered").asBoolean()).isTrue();
                assertThat(resumedTopic.subscribed().get("data").get("recovered").asBoolean()).isTrue();
                assertThat(seqs(resumingRaw::next, total - 50)).isEqualTo(range(51, total));
                assertThat(seqs(resumedTopic::next, total - 60)).isEqualTo(range(61, total));
                while (rawSeen.size() < total) {
                    rawSeen.add(liveRaw.next().get("seq").asLong());
                }
                assertThat(rawSeen).isEqualTo(range(1, total));
                assertThat(seqs(liveTopic::next, total)).isEqualTo(range(1, total));
                assertThat(resumingRaw.poll(Duration.ofMillis(200))).isNull();
                resumingRaw.close();
            }
            finally {
                pool.shutdownNow();
            }
        }
    }

    private static List<Long> seqs(java.util.function.Supplier<JsonNode> next, int count) {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seqs.add(next.get().get("seq").asLong());
        }
        return seqs;
    }

    private static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }
}
