package io.ghostide.realtime.ghost;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.ghost.advice.ErrorAdvisor;
import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.messaging.Payloads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiCompatibleProviderTests {

    private final FakeOpenAiServer server;

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

    private final RecordingChannel channel = new RecordingChannel();

    OpenAiCompatibleProviderTests() throws IOException {
        this.server = new FakeOpenAiServer();
    }

    @AfterEach
    void stop() {
        this.server.close();
        this.scheduler.shutdownNow();
    }

    private GhostResponder responder(String baseUrl, String apiKey, Duration firstToken, Duration total) {
        GhostProperties properties = new GhostProperties(GhostProperties.Provider.OPENAI, URI.create(baseUrl), "test-model",
                apiKey, 0.3, 200, Duration.ofSeconds(2), firstToken, total, 20, 4, Duration.ZERO, Duration.ofHours(1),
                new GhostProperties.Reactions(true, true, Duration.ofMillis(100)),
                org.springframework.util.unit.DataSize.ofKilobytes(256), 1000,
                org.springframework.util.unit.DataSize.ofMegabytes(64), GhostResponderTestSupport.LOOSE_LIMITS);
        HttpClient client = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider(properties, client, JSON,
                new ChatPromptRenderer(new ErrorAdvisor()));
        return new GhostResponder(provider, this.channel, new GhostSessions(20, 1000, Long.MAX_VALUE), properties, this.scheduler,
                Clock.systemUTC());
    }

    private GhostResponder responder() {
        return responder(this.server.baseUrl(), "sk-test-123", Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Test
    void theAnswerStreamsChunkByChunkUntilDone() throws Exception {
        this.server.answerWith(request -> this.server.stream("Boo! ", "Your loop ", "runs one ", "step too far."));
        CompletableFuture<Payloads.GhostMessage> answer = responder().chat("s1", "Why does my loop crash?", null);

        this.channel.expectTyping(true);
        List<String> deltas = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RecordingChannel.Chunk chunk = this.channel.next(RecordingChannel.Chunk.class);
            assertThat(chunk.index()).isEqualTo(i);
            deltas.add(chunk.delta());
        }
        assertThat(deltas).containsExactly("Boo! ", "Your loop ", "runs one ", "step too far.");
        RecordingChannel.Response response = this.channel.next(RecordingChannel.Response.class);
        assertThat(response.message().content()).isEqualTo("Boo! Your loop runs one step too far.");
        assertThat(response.message().context()).containsEntry("provider", "openai");
        this.channel.expectTyping(false);
        assertThat(answer.get(5, TimeUnit.SECONDS).content()).isEqualTo("Boo! Your loop runs one step too far.");
    }

    @Test
    void theRequestCarriesEverythingTheModelNeeds() throws Exception {
        this.server.answerWith(request -> this.server.stream("First answer."));
        GhostResponder responder = responder();
        responder.chat("s1", "What does line 2 do?", Map.of("code", "total = 0\nfor x in items:\n    total += x\n",
                "language", "python", "file_name", "main.py")).get(5, TimeUnit.SECONDS);
        FakeOpenAiServer.Received first = this.server.nextRequest();
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.path()).isEqualTo("/v1/chat/completions");
        assertThat(first.authorization()).isEqualTo("Bearer sk-test-123");
        assertThat(first.accept()).isEqualTo("text/event-stream");
        assertThat(first.body().get("model").asString()).isEqualTo("test-model");
        assertThat(first.body().get("stream").asBoolean()).isTrue();
        assertThat(first.body().get("max_tokens").asInt()).isEqualTo(200);
        JsonNode system = first.body().get("messages").get(0);
        assertThat(system.get("role").asString()).isEqualTo("system");
        assertThat(system.get("content").asString()).contains("You are Ghost").contains("main.py")
                .contains("  2 | for x in items:");
        assertThat(first.lastUserMessage()).isEqualTo("What does line 2 do?");

        this.server.answerWith(request -> this.server.stream("Second answer."));
        responder.chat("s1", "And line 3?", null).get(5, TimeUnit.SECONDS);
        JsonNode messages = this.server.nextRequest().body().get("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(1).get("role").asString()).isEqualTo("user");
        assertThat(messages.get(1).get("content").asString()).isEqualTo("What does line 2 do?");
        assertThat(messages.get(2).get("role").asString()).isEqualTo("assistant");
        assertThat(messages.get(2).get("content").asString()).isEqualTo("First answer.");
        assertThat(messages.get(3).get("content").asString()).isEqualTo("And line 3?");
    }

    @Test
    void anErrorAdviceRequestCarriesTheErrorWithItsOfflineReading() throws Exception {
        this.server.answerWith(request -> this.server.stream("Index 10 is past the end."));
        responder().runFailed("s1", new GhostPrompt.RunReport("run-1", "python", "items = [1, 2, 3]\nprint(items[10])\n",
                new ExecutionResult("", "Traceback (most recent call last):\n  File \"/tmp/r/main.py\", line 2, in <module>\n"
                        + "    print(items[10])\nIndexError: list index out of range\n", 1, 0.1, false,
                        ExecutionResult.Status.RUNTIME_ERROR, false)));
        FakeOpenAiServer.Received request = this.server.nextRequest();
        assertThat(request.lastUserMessage()).contains("IndexError: list index out of range")
                .contains("The IDE read it as: IndexError on line 2 of main.py").contains("print(items[10])");
        this.channel.expectTyping(true);
        this.channel.next(RecordingChannel.Chunk.class);
        RecordingChannel.Response response = this.channel.next(RecordingChannel.Response.class);
        assertThat(response.message().context()).containsEntry("trigger", "on_error").containsEntry("error_type", "IndexError");
        this.channel.expectTyping(false);
    }

    @Test
    void withoutAKeyNoAuthorizationIsSent() throws Exception {
        this.server.answerWith(request -> this.server.stream("Local model here."));
        responder(this.server.baseUrl(), " ", Duration.ofSeconds(5), Duration.ofSeconds(10)).chat("s1", "hi", null)
                .get(5, TimeUnit.SECONDS);
        assertThat(this.server.nextRequest().authorization()).isEqualTo("null");
    }

    @Test
    void anErrorInTheMiddleOfTheStreamBecomesAiError() throws Exception {
        this.server.answerWith(request -> this.server.errorMidStream("The server had an error while processing your request.",
                "Let me ", "think"));
        CompletableFuture<Payloads.GhostMessage> answer = responder().chat("s1", "hello?", null);
        this.channel.expectTyping(true);
        assertThat(this.channel.next(RecordingChannel.Chunk.class).delta()).isEqualTo("Let me ");
        assertThat(this.channel.next(RecordingChannel.Chunk.class).delta()).isEqualTo("think");
        RecordingChannel.Error error = this.channel.next(RecordingChannel.Error.class);
        assertThat(error.error()).isEqualTo("The model server reported an error");
        assertThat(error.detail()).isEqualTo("The server had an error while processing your request.");
        this.channel.expectTyping(false);
        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    @Test
    void aDroppedConnectionMidAnswerBecomesAiError() throws Exception {
        this.server.answerWith(request -> this.server.dropMidStream("Half of ", "an answer"));
        responder().chat("s1", "hello?", null);
        this.channel.expectTyping(true);
        this.channel.next(RecordingChannel.Chunk.class);
        this.channel.next(RecordingChannel.Chunk.class);
        RecordingChannel.Error error = this.channel.next(RecordingChannel.Error.class);
        assertThat(error.error()).isEqualTo("The model's answer broke off");
        this.channel.expectTyping(false);
    }

    @Test
    void anHttpErrorStatusBecomesAiErrorWithTheServersMessage() throws Exception {
        this.server.answerWith(request -> this.server.httpError(401, "Incorrect API key provided: sk-test***123."));
        responder().chat("s1", "hello?", null);
        this.channel.expectTyping(true);
        RecordingChannel.Error error = this.channel.next(RecordingChannel.Error.class);
        assertThat(error.error()).isEqualTo("The model server refused the request");
        assertThat(error.detail()).contains("HTTP 401").contains("Incorrect API key provided");
        this.channel.expectTyping(false);
    }

    @Test
    void anUnreachableServerBecomesAiError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        responder("http://127.0.0.1:" + closedPort + "/v1", "k", Duration.ofSeconds(5), Duration.ofSeconds(10))
                .chat("s1", "hello?", null);
        this.channel.expectTyping(true);
        RecordingChannel.Error error = this.channel.next(RecordingChannel.Error.class);
        assertThat(error.error()).isEqualTo("Ghost is unavailable");
        assertThat(error.detail()).contains("127.0.0.1:" + closedPort).contains("ConnectException");
        this.channel.expectTyping(false);
    }

    @Test
    void aStalledModelTimesOutClosingItsConnection() throws Exception {
        this.server.answerWith(request -> this.server.stall("stalled"));
        CompletableFuture<Payloads.GhostMessage> answer = responder(this.server.baseUrl(), "k", Duration.ofMillis(300),
                Duration.ofSeconds(10)).chat("s1", "hello?", null);
        this.channel.expectTyping(true);
        RecordingChannel.Error error = this.channel.next(RecordingChannel.Error.class);
        assertThat(error.error()).isEqualTo("Ghost timed out");
        assertThat(error.detail()).contains("first-token-timeout");
        this.channel.expectTyping(false);
        assertThat(this.server.nextDisconnect()).isEqualTo("stalled");
        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(GhostFailedException.class, ex -> assertThat(ex.timedOut()).isTrue());
    }

    @Test
    void aNewerReactionCancelsTheOlderStreamClosingItsConnection() throws Exception {
        this.server.answerWith(request -> request.lastUserMessage().contains("FIRST-FAILURE")
                ? this.server.endless("older", "still talking about the first failure ")
                : this.server.stream("About ", "the second failure."));
        GhostResponder responder = responder();
        responder.runFailed("s1", failure("run-1", "ValueError: FIRST-FAILURE"));
        this.channel.expectTyping(true);
        String olderId = this.channel.next(RecordingChannel.Chunk.class).messageId();

        responder.runFailed("s1", failure("run-2", "KeyError: 'SECOND-FAILURE'"));
        assertThat(this.server.nextDisconnect()).isEqualTo("older");

        // whatever chunks of the older answer were already out, its bracket closes before the newer one opens
        Object said = this.channel.next();
        while (said instanceof RecordingChannel.Chunk chunk) {
            assertThat(chunk.messageId()).isEqualTo(olderId);
            said = this.channel.next();
        }
        assertThat(said).isEqualTo(new RecordingChannel.Typing("s1", false));
        this.channel.expectTyping(true);
        RecordingChannel.Chunk first = this.channel.next(RecordingChannel.Chunk.class);
        assertThat(first.messageId()).isNotEqualTo(olderId);
        this.channel.next(RecordingChannel.Chunk.class);
        RecordingChannel.Response response = this.channel.next(RecordingChannel.Response.class);
        assertThat(response.message().content()).isEqualTo("About the second failure.");
        assertThat(response.context()).containsEntry("execution_id", "run-2");
        this.channel.expectTyping(false);
        this.channel.expectSilence(Duration.ofMillis(200));
    }

    @Test
    void aNonHttpBaseUrlIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> OpenAiCompatibleProvider.endpoint(URI.create("ftp://example.com/v1")))
                .hasMessageContaining("ghostide.ghost.base-url");
        assertThat(OpenAiCompatibleProvider.endpoint(URI.create("http://localhost:11434/v1/")))
                .isEqualTo(URI.create("http://localhost:11434/v1/chat/completions"));
    }

    private static GhostPrompt.RunReport failure(String executionId, String errorLine) {
        return new GhostPrompt.RunReport(executionId, "python", "x = 1\n", new ExecutionResult("",
                "Traceback (most recent call last):\n  File \"main.py\", line 1, in <module>\n" + errorLine + "\n", 1, 0.1,
                false, ExecutionResult.Status.RUNTIME_ERROR, false));
    }
}
