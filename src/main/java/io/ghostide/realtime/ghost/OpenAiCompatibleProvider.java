package io.ghostide.realtime.ghost;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any OpenAI-compatible chat completions server (OpenAI, Ollama, vLLM, LM Studio, llama.cpp):
 * {@code POST {base-url}/chat/completions} with {@code stream: true}, read as server-sent events
 * ({@code data: {chunk}} lines, ending with {@code data: [DONE]}) on the JDK's HTTP client, one
 * line at a time with back-pressure. Cancelling a stream cancels the body subscription, which
 * closes the connection, so the server stops generating.
 */
final class OpenAiCompatibleProvider implements GhostProvider {

    private static final Log logger = LogFactory.getLog(OpenAiCompatibleProvider.class);

    private static final String DONE = "[DONE]";

    private static final int MAX_ERROR_BODY = 2_000;

    private final GhostProperties properties;

    private final URI endpoint;

    private final HttpClient client;

    private final JsonMapper json;

    private final ChatPromptRenderer renderer;

    OpenAiCompatibleProvider(GhostProperties properties, HttpClient client, JsonMapper json, ChatPromptRenderer renderer) {
        this.properties = properties;
        this.endpoint = endpoint(properties.baseUrl());
        this.client = client;
        this.json = json;
        this.renderer = renderer;
    }

    static URI endpoint(URI baseUrl) {
        String base = baseUrl.toString();
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalStateException("ghostide.ghost.base-url must be an http or https URL such as "
                    + "https://api.openai.com/v1 or http://localhost:11434/v1, got '" + base + "'");
        }
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions");
    }

    URI endpoint() {
        return this.endpoint;
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public Stream stream(GhostPrompt prompt, Listener listener) {
        HttpRequest.Builder request = HttpRequest.newBuilder(this.endpoint)
                // bounds the wait for the response headers; the first-token timer bounds the rest
                .timeout(this.properties.firstTokenTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody(prompt)));
        if (!this.properties.apiKey().isBlank()) {
            request.header("Authorization", "Bearer " + this.properties.apiKey().strip());
        }
        EventStream stream = new EventStream(listener);
        CompletableFuture<HttpResponse<Void>> exchange = this.client.sendAsync(request.build(), stream::bodySubscriber);
        stream.exchange = exchange;
        exchange.whenComplete((response, failure) -> {
            if (failure != null) {
                stream.transportFailed(failure);
            }
        });
        return stream;
    }

    byte[] requestBody(GhostPrompt prompt) {
        ObjectNode body = this.json.createObjectNode();
        body.put("model", this.properties.model());
        body.put("stream", true);
        body.put("temperature", this.properties.temperature());
        body.put("max_tokens", this.properties.maxTokens());
        ArrayNode messages = body.putArray("messages");
        for (ChatPromptRenderer.Message message : this.renderer.messages(prompt)) {
            messages.addObject().put("role", message.role()).put("content", message.content());
        }
        return this.json.writeValueAsBytes(body);
    }

    /** One streaming answer: the SSE reader, and the handle that cancels it. */
    private final class EventStream implements Flow.Subscriber<String>, Stream {

        private final Listener listener;

        // exactly one of onComplete / onError reaches the listener, and nothing after cancel
        private final AtomicBoolean ended = new AtomicBoolean();

        private volatile boolean cancelled;

        private volatile Flow.@Nullable Subscription subscription;

        volatile @Nullable CompletableFuture<HttpResponse<Void>> exchange;

        // the data lines of the event being read
        private final StringBuilder data = new StringBuilder();

        private boolean sawToken;

        private @Nullable String finishReason;

        EventStream(Listener listener) {
            this.listener = listener;
        }

        HttpResponse.BodySubscriber<Void> bodySubscriber(HttpResponse.ResponseInfo info) {
            if (info.statusCode() / 100 == 2) {
                return HttpResponse.BodySubscribers.fromLineSubscriber(this);
            }
            return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(), bytes -> {
                String text = new String(bytes, 0, Math.min(bytes.length, MAX_ERROR_BODY), StandardCharsets.UTF_8);
                fail("The model server refused the request", "HTTP " + info.statusCode() + " from " + endpoint + ": "
                        + errorMessage(text));
                return null;
            });
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (this.cancelled) {
                subscription.cancel();
            }
            else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(String line) {
            if (this.cancelled || this.ended.get()) {
                return;
            }
            if (line.isEmpty()) {
                dispatch();
            }
            else if (line.startsWith("data:")) {
                if (this.data.length() > 0) {
                    this.data.append('\n');
                }
                this.data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            }
            // comments (": keep-alive"), "event:", "id:" and "retry:" lines carry nothing for us
            Flow.Subscription current = this.subscription;
            if (current != null && !this.ended.get()) {
                current.request(1);
            }
        }

        private void dispatch() {
            if (this.data.length() == 0) {
                return;
            }
            String payload = this.data.toString().strip();
            this.data.setLength(0);
            if (payload.equals(DONE)) {
                complete();
                return;
            }
            JsonNode chunk;
            try {
                chunk = OpenAiCompatibleProvider.this.json.readTree(payload);
            }
            catch (JacksonException ex) {
                fail("The model server sent something unreadable", "An event was not JSON: " + abbreviate(payload));
                return;
            }
            JsonNode error = chunk.get("error");
            if (error != null && !error.isNull()) {
                fail("The model server reported an error", errorMessage(error));
                return;
            }
            JsonNode choice = chunk.path("choices").path(0);
            JsonNode content = choice.path("delta").path("content");
            if (content.isString() && !content.asString().isEmpty()) {
                this.sawToken = true;
                this.listener.onToken(content.asString());
            }
            JsonNode finish = choice.get("finish_reason");
            if (finish != null && finish.isString()) {
                this.finishReason = finish.asString();
            }
        }

        @Override
        public void onError(Throwable failure) {
            transportFailed(failure);
        }

        @Override
        public void onComplete() {
            if (this.cancelled || this.ended.get()) {
                return;
            }
            dispatch();
            if (this.ended.get()) {
                return;
            }
            if (this.finishReason != null) {
                // some servers end the stream after the last chunk without [DONE]
                complete();
            }
            else {
                fail("The model's answer broke off", "The stream from " + endpoint + " ended before [DONE]"
                        + (this.sawToken ? ", in the middle of the answer" : ", without any answer"));
            }
        }

        void transportFailed(Throwable failure) {
            if (this.cancelled || this.ended.get()) {
                return;
            }
            Throwable cause = failure.getCause() != null && failure instanceof java.util.concurrent.CompletionException
                    ? failure.getCause() : failure;
            if (cause instanceof HttpTimeoutException) {
                fail("Ghost timed out", "No response from " + endpoint + " within "
                        + OpenAiCompatibleProvider.this.properties.firstTokenTimeout().toSeconds() + " s");
            }
            else if (this.sawToken) {
                fail("The model's answer broke off", "The connection to " + endpoint + " failed mid-answer: " + describe(cause));
            }
            else {
                fail("Ghost is unavailable", "Could not get an answer from " + endpoint + ": " + describe(cause));
            }
        }

        private void complete() {
            if (this.ended.compareAndSet(false, true)) {
                release();
                this.listener.onComplete();
            }
        }

        private void fail(String error, String detail) {
            if (!this.cancelled && this.ended.compareAndSet(false, true)) {
                release();
                this.listener.onError(new Failure(error, detail));
            }
        }

        @Override
        public void cancel() {
            this.cancelled = true;
            this.ended.set(true);
            release();
        }

        private void release() {
            Flow.Subscription current = this.subscription;
            if (current != null) {
                // closes the HTTP/1.1 connection when the body isn't fully read
                current.cancel();
            }
            CompletableFuture<HttpResponse<Void>> pending = this.exchange;
            if (pending != null && !pending.isDone()) {
                pending.cancel(true);
            }
        }
    }

    private String errorMessage(String body) {
        try {
            JsonNode node = this.json.readTree(body);
            JsonNode error = node.get("error");
            if (error != null) {
                return errorMessage(error);
            }
        }
        catch (JacksonException ex) {
            // not JSON: show the text itself
        }
        return abbreviate(body.strip());
    }

    private static String errorMessage(JsonNode error) {
        if (error.isString()) {
            return error.asString();
        }
        JsonNode message = error.get("message");
        return message != null && message.isString() ? message.asString() : abbreviate(error.toString());
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message != null && !message.isBlank() ? " (" + message + ")" : "");
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    static void logStartup(GhostProperties properties, URI endpoint) {
        logger.info("Ghost answers with model '" + properties.model() + "' at " + endpoint + " (API key "
                + (properties.apiKey().isBlank() ? "not set" : "set") + ")");
    }
}
