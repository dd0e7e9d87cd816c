package io.ghostide.realtime.limits;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.StompClient;
import io.ghostide.realtime.support.TwoInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In {@code redis} mode a user's fair shares are counted by every instance together: a client
 * connecting to one session, or running code, through two instances gets the one share, not one
 * per instance; and while Redis is away it is refused with 503 rather than let in unchecked.
 * Without a token every loopback client is the one client {@code address:loopback}.
 */
class ClusterSharesEndToEndTests {

    private static final String SLEEPER = "import time\\ntime.sleep(6)\\nprint('woke')";

    @RegisterExtension
    static final TwoInstances cluster = TwoInstances.of("shares", "ghostide.connection.max-per-session=8",
            "ghostide.connection.max-per-session-per-user=2", "ghostide.execution.max-runs-per-user=2",
            "ghostide.execution.max-runs-per-session=2", "ghostide.rate-limit.execute-code-burst=100",
            "ghostide.rate-limit.execute-code-per-second=100");

    @Test
    void aClientConnectingThroughBothInstancesGetsTheOneShareOfASession() throws Exception {
        try (RawClient first = RawClient.connect(cluster.a().port(), "share-both");
                RawClient second = RawClient.connect(cluster.b().port(), "share-both")) {
            for (ServerInstance instance : List.of(cluster.a(), cluster.b())) {
                try (RawSocket third = RawSocket.upgrade(instance.port(), "/ws/share-both", 0)) {
                    assertRefused(third, 429, "at most 2 of its 8", 1008);
                }
            }
            // the two inside the share are untouched
            first.send("{\"type\":\"ping\"}");
            assertThat(first.nextOfType("pong")).isNotNull();
            assertThat(second.closed()).isNotDone();
        }
        // once they are gone their places are free again, on either instance
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (RawClient again = RawClient.connect(cluster.b().port(), "share-both");
                    RawClient andAgain = RawClient.connect(cluster.a().port(), "share-both")) {
                return again.connectFrame() != null && andAgain.connectFrame() != null;
            }
        });
    }

    @Test
    void aStompSubscriptionPastTheShareHeldThroughTheOtherInstanceIsRefused() throws Exception {
        try (RawClient raw = RawClient.connect(cluster.a().port(), "share-stomp");
                StompClient held = StompClient.connect(cluster.b().port());
                StompClient third = StompClient.connect(cluster.a().port())) {
            held.subscribe("/topic/session/share-stomp").subscribed();
            third.subscribeNoWait("/topic/session/share-stomp");
            Throwable failure = third.failure().orTimeout(30, TimeUnit.SECONDS).join();
            assertThat(failure).hasMessageContaining("Too many connections for session share-stomp from one user")
                    .hasMessageContaining("ghostide.connection.max-per-session-per-user");
            assertThat(raw.closed()).isNotDone();
        }
    }

    @Test
    void runsThroughBothInstancesGetTheOneShareOfTheUser() {
        List<CompletableFuture<HttpResponse<String>>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(execute(i % 2 == 0 ? cluster.a() : cluster.b(), "runs-" + i, SLEEPER));
        }
        // the refusals come first: the admitted runs sleep
        await().atMost(Duration.ofSeconds(30)).until(() -> runs.stream().filter(CompletableFuture::isDone).count() >= 2);
        List<HttpResponse<String>> refused = runs.stream().filter(CompletableFuture::isDone)
                .map(CompletableFuture::join).toList();
        assertThat(refused).hasSize(2);
        for (HttpResponse<String> response : refused) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
            assertThat(response.body()).contains("max-runs-per-user");
        }
        // two instances counting on their own would have admitted all four
        assertThat(runs.stream().map(run -> run.orTimeout(120, TimeUnit.SECONDS).join())
                .filter(response -> response.statusCode() == 200).map(HttpResponse::body))
                .hasSize(2).allSatisfy(body -> assertThat(body).contains("woke"));
    }

    @Test
    void whileRedisIsAwayTheSharedLimitsRefuseWith503() throws Exception {
        cluster.redis().kill();
        try {
            try (RawSocket refused = RawSocket.upgrade(cluster.b().port(), "/ws/share-outage", 0)) {
                assertRefused(refused, 503, "Redis", 1013);
            }
            HttpResponse<String> run = execute(cluster.a(), "runs-outage", "print(1)").orTimeout(60, TimeUnit.SECONDS)
                    .join();
            assertThat(run.statusCode()).as(run.body()).isEqualTo(503);
            assertThat(run.body()).contains("Redis").contains("max-runs-per-user").doesNotContain("Exception");
        }
        finally {
            cluster.redis().restart();
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (RawClient back = RawClient.connect(cluster.b().port(), "share-outage")) {
                return back.connectFrame() != null;
            }
        });
    }

    // refused at the upgrade by this instance's own count, or just after it by every instance's
    private static void assertRefused(RawSocket socket, int code, String detail, int closeCode) throws IOException {
        if (!socket.upgraded()) {
            assertThat(socket.statusLine()).contains(" " + code);
            assertThat(socket.refusalBody()).contains(detail);
            return;
        }
        String error = socket.readMessage().text();
        assertThat(error).contains("\"type\":\"error\"").contains("\"code\":" + code).contains(detail);
        assertThat(socket.readUntilClose().closeCode()).isEqualTo(closeCode);
    }

    private CompletableFuture<HttpResponse<String>> execute(ServerInstance instance, String sessionId, String code) {
        String json = "{\"session_id\":\"" + sessionId + "\",\"language\":\"python\",\"code\":\"" + code
                + "\",\"timeout\":60}";
        return instance.http().postJsonAsync("/api/v1/execution/execute/websocket", json);
    }
}
