package io.ghostide.realtime.ghost;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.TwoInstances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In {@code redis} mode {@code ghostide.ghost.limits.max-provider-calls} bounds the answers
 * streaming from the model across every instance: questions sent through two instances at once
 * never have more streams open at the model than the bound, and each is answered once a call is
 * free. The model is a real HTTP server that counts the streams it serves at once.
 */
class ClusterProviderCallsEndToEndTests {

    private static final FakeOpenAiServer MODEL = FakeOpenAiServer.startedForTests();

    @RegisterExtension
    static final TwoInstances cluster = TwoInstances.of("calls", MODEL.instanceProperties(
            "ghostide.ghost.limits.max-provider-calls=2", "ghostide.ghost.total-timeout=60s"));

    @AfterAll
    static void stopModel() {
        MODEL.close();
    }

    @Test
    void questionsThroughBothInstancesNeverOpenMoreStreamsThanTheOneBound() {
        MODEL.answerWith(request -> MODEL.slowStream(Duration.ofMillis(150), "Boo! ", "Sort ", "with ", "sorted()."));
        MODEL.resetMaxInFlight();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        // eight sessions, so that no session's own lane orders them: only the bound on calls does
        for (int i = 0; i < 8; i++) {
            answers.add(ask(i % 2 == 0 ? cluster.a() : cluster.b(), "calls-" + i, "How do I sort?"));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.orTimeout(120, TimeUnit.SECONDS).join();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("Boo! Sort with sorted().");
        }
        // two instances with a bound of 2 each would have let 4 streams open at once
        assertThat(MODEL.maxInFlight()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> MODEL.inFlight() == 0);
    }

    /** While Redis is away a question is refused with 503, rather than sent to the model past the bound unchecked. */
    @Test
    void aQuestionWhileRedisIsAwayIsRefusedWith503BeforeTheModel() throws Exception {
        MODEL.answerWith(request -> MODEL.stream("Boo!"));
        MODEL.drainRequests();
        cluster.redis().kill();
        try {
            HttpResponse<String> refused = ask(cluster.b(), "calls-outage", "Are you there?")
                    .orTimeout(60, TimeUnit.SECONDS).join();
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).contains("Redis").doesNotContain("Exception:").doesNotContain("at io.");
            assertThat(MODEL.receivedCount()).isZero();
        }
        finally {
            cluster.redis().restart();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ask(cluster.b(), "calls-outage", "And now?")
                .orTimeout(60, TimeUnit.SECONDS).join().statusCode() == 200);
    }

    private CompletableFuture<HttpResponse<String>> ask(ServerInstance instance, String sessionId, String message) {
        return instance.http().postJsonAsync("/api/v1/ghost/chat/" + sessionId, "{\"message\":\"" + message + "\"}");
    }
}
