package io.ghostide.realtime.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.ghostide.realtime.support.Json;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.StompClient;
import io.ghostide.realtime.support.TwoInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances and one Redis behave as one server: clients of both transports on both
 * instances, publishers on both, and every subscriber sees one order with no gap.
 */
class ClusterDeliveryEndToEndTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TwoInstances cluster = TwoInstances.of("deliver");

    @Test
    void concurrentPublishersOnBothInstancesReachEverySubscriberInOneOrder() throws Exception {
        ServerInstance a = cluster.a();
        ServerInstance b = cluster.b();
        String session = "cluster-order";
        try (RawClient rawA = RawClient.connectWithPresence(a.port(), session);
                RawClient rawB = RawClient.connectWithPresence(b.port(), session);
                StompClient stompA = StompClient.connect(a.port()); StompClient stompB = StompClient.connect(b.port())) {
            StompClient.Subscription subA = stompA.subscribe("/topic/session/" + session, true);
            StompClient.Subscription subB = stompB.subscribe("/topic/session/" + session, true);
            int each = 300;
            MessageRouter routerA = a.context().getBean(MessageRouter.class);
            MessageRouter routerB = b.context().getBean(MessageRouter.class);
            Thread onA = new Thread(() -> publish(routerA, session, "a", each));
            Thread onB = new Thread(() -> publish(routerB, session, "b", each));
            onA.start();
            onB.start();
            onA.join();
            onB.join();
            List<String> seenByRawA = published(rawA::next, 2 * each);
            assertThat(published(rawB::next, 2 * each)).isEqualTo(seenByRawA);
            assertThat(published(subA::next, 2 * each)).isEqualTo(seenByRawA);
            assertThat(published(subB::next, 2 * each)).isEqualTo(seenByRawA);
            // each publisher's own messages keep their order inside the one order
            assertThat(seenByRawA.stream().filter(m -> m.contains("\"from\":\"a\"")).toList()).hasSize(each);
        }
    }

    @Test
    void aRunOnOneInstanceStreamsEveryByteToTheOther() {
        String session = "cluster-run";
        try (RawClient onB = RawClient.connectWithPresence(cluster.b().port(), session)) {
            String code = "for i in range(2000):\n    print('line %04d ' % i + 'x' * 40)\n";
            String body = "{\"code\":" + Json.write(code) + ",\"language\":\"python\",\"session_id\":\"" + session + "\"}";
            int status = cluster.a().http().postJson("/api/v1/execution/execute/websocket", body).statusCode();
            assertThat(status).isEqualTo(200);
            StringBuilder output = new StringBuilder();
            long last = 0;
            for (;;) {
                JsonNode frame = onB.next(WAIT);
                long seq = frame.path("seq").asLong();
                assertThat(seq).isEqualTo(last + 1);
                last = seq;
                String type = frame.get("type").asString();
                if (type.equals("execution_output")) {
                    output.append(frame.get("data").get("output").asString());
                }
                if (type.equals("execution_complete")) {
                    break;
                }
            }
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 2000; i++) {
                expected.append(String.format("line %04d ", i)).append("x".repeat(40)).append('\n');
            }
            assertThat(output.toString()).isEqualTo(expected.toString());
        }
    }

    // the next n session updates of the publishers, checking there is no gap, as "seq type data"
    private static List<String> published(Supplier<JsonNode> next, int n) {
        List<String> messages = new ArrayList<>();
        Map<String, Long> lastSeq = new HashMap<>();
        while (messages.size() < n) {
            JsonNode frame = next.get();
            if (!frame.has("seq")) {
                continue;
            }
            long seq = frame.get("seq").asLong();
            if (lastSeq.containsKey("last")) {
                assertThat(seq).as("no gap").isEqualTo(lastSeq.get("last") + 1);
            }
            lastSeq.put("last", seq);
            if (!frame.get("type").asString().equals("session_update")) {
                continue;
            }
            messages.add(seq + " " + frame.get("type").asString() + " " + frame.get("data"));
        }
        return messages;
    }

    private static void publish(MessageRouter router, String session, String from, int count) {
        for (int i = 0; i < count; i++) {
            router.publishSessionUpdate(session, SessionUpdateType.FILE_ADDED, Map.of("from", from, "i", i));
        }
    }
}
