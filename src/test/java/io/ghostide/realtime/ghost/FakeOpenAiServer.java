package io.ghostide.realtime.ghost;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static io.ghostide.realtime.support.Json.JSON;

/**
 * A local stand-in for an OpenAI-compatible server, speaking the real wire format:
 * {@code POST /v1/chat/completions} with {@code stream: true} answered with
 * {@code text/event-stream} chunks and {@code data: [DONE]}. Each request is recorded, and
 * answered by the scenario the test picks from the request.
 */
final class FakeOpenAiServer implements AutoCloseable {

    /** A request as the server received it. */
    record Received(String method, String path, String authorization, String accept, JsonNode body) {

        String lastUserMessage() {
            JsonNode messages = this.body.get("messages");
            return messages.get(messages.size() - 1).get("content").asString();
        }
    }

    /** What the server does with one request. */
    @FunctionalInterface
    interface Scenario {

        void answer(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    private final BlockingQueue<Received> requests = new LinkedBlockingQueue<>();

    // one entry per response whose client went away while the server was still writing
    private final BlockingQueue<String> disconnects = new LinkedBlockingQueue<>();

    private final AtomicInteger chunkIds = new AtomicInteger();

    // responses being written now, and the most there ever were at once
    private final AtomicInteger inFlight = new AtomicInteger();

    private final AtomicInteger maxInFlight = new AtomicInteger();

    // released by close(): a stream still being written ends then, not after its last chunk
    private final CountDownLatch closed = new CountDownLatch(1);

    private volatile Function<Received, Scenario> scenarios = request -> stream("Boo!");

    FakeOpenAiServer() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.setExecutor(this.threads);
        this.server.createContext("/v1/chat/completions", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Received received = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                    String.valueOf(exchange.getRequestHeaders().getFirst("Accept")), JSON.readTree(body));
            this.requests.add(received);
            this.maxInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
            try {
                this.scenarios.apply(received).answer(exchange);
            }
            finally {
                this.inFlight.decrementAndGet();
            }
        });
        this.server.start();
    }

    /** A server started for a test class, which closes it when done. */
    static FakeOpenAiServer startedForTests() {
        try {
            return new FakeOpenAiServer();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Requests received and not yet taken by {@link #nextRequest()} or forgotten by {@link #drainRequests()}. */
    int receivedCount() {
        return this.requests.size();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
    }

    /**
     * The properties of a server instance that asks this model only the questions a test sends
     * (no reactions to runs or saves) with room for them in the chat rate limits, then {@code more}.
     */
    String[] instanceProperties(String... more) {
        List<String> properties = new ArrayList<>(List.of("ghostide.ghost.provider=openai",
                "ghostide.ghost.base-url=" + baseUrl(), "ghostide.ghost.reactions.on-run=false",
                "ghostide.ghost.reactions.on-save=false", "ghostide.rate-limit.ghost-chat-per-second=100",
                "ghostide.rate-limit.ghost-chat-burst=100", "ghostide.rate-limit.overall-burst=100"));
        properties.addAll(List.of(more));
        return properties.toArray(String[]::new);
    }

    void answerWith(Function<Received, Scenario> scenarios) {
        this.scenarios = scenarios;
    }

    Received nextRequest() throws InterruptedException {
        Received request = this.requests.poll(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("The fake server received no request within 5 s");
        }
        return request;
    }

    /** The most responses that were being written at once, since the server started or {@link #resetMaxInFlight}. */
    int maxInFlight() {
        return this.maxInFlight.get();
    }

    int inFlight() {
        return this.inFlight.get();
    }

    void resetMaxInFlight() {
        this.maxInFlight.set(this.inFlight.get());
    }

    /** Forgets the requests received so far and the clients that went away, so later tests wait for their own. */
    void drainRequests() {
        this.requests.clear();
        this.disconnects.clear();
    }

    /** Waits for a response's client to go away; the label says which response. */
    String nextDisconnect() throws InterruptedException {
        String label = this.disconnects.poll(5, TimeUnit.SECONDS);
        if (label == null) {
            throw new AssertionError("No client went away within 5 s");
        }
        return label;
    }

    // ---- scenarios

    /** The answer in these pieces, a last chunk with finish_reason stop, then [DONE]. */
    Scenario stream(String... deltas) {
        return exchange -> {
            OutputStream out = startEvents(exchange);
            for (String delta : deltas) {
                event(out, chunk(delta, null));
            }
            event(out, chunk(null, "stop"));
            event(out, "[DONE]");
            out.close();
        };
    }

    /** The answer in these pieces, {@code pause} before each, so that it takes a while as a model's does. */
    Scenario slowStream(Duration pause, String... deltas) {
        return exchange -> {
            OutputStream out = startEvents(exchange);
            for (String delta : deltas) {
                try {
                    if (this.closed.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
                event(out, chunk(delta, null));
            }
            event(out, chunk(null, "stop"));
            event(out, "[DONE]");
            out.close();
        };
    }

    /** Some pieces, then an error object in the stream, as OpenAI sends when it fails mid-answer. */
    Scenario errorMidStream(String message, String... deltas) {
        return exchange -> {
            OutputStream out = startEvents(exchange);
            for (String delta : deltas) {
                event(out, chunk(delta, null));
            }
            event(out, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"server_error\",\"code\":null}}");
            out.close();
        };
    }

    /** Some pieces, then the connection is dropped without ending the chunked body. */
    Scenario dropMidStream(String... deltas) {
        return exchange -> {
            OutputStream out = startEvents(exchange);
            for (String delta : deltas) {
                event(out, chunk(delta, null));
            }
            // an exception out of a handler makes the JDK server close the connection as is
            throw new IOException("dropping the connection on purpose");
        };
    }

    /** Headers and keep-alive comments, but no token ever: a model that never starts. */
    Scenario stall(String label) {
        return exchange -> {
            OutputStream out = startEvents(exchange);
            writeUntilTheClientLeaves(label, () -> {
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            });
        };
    }

    /** A token every 20 ms, forever: only a client that goes away ends it. */
    Scenario endless(String label, String delta) {
        return exchange -> {
            OutputStream out = startEvents(exchange);
            writeUntilTheClientLeaves(label, () -> event(out, chunk(delta, null)));
        };
    }

    /** Tokens as fast as the client takes them, without end: never a finish_reason, never [DONE]. */
    Scenario flood(String label, String delta) {
        return exchange -> {
            OutputStream out = startEvents(exchange);
            byte[] event = ("data: " + chunk(delta, null) + "\n\n").getBytes(StandardCharsets.UTF_8);
            try {
                while (this.closed.getCount() > 0) {
                    out.write(event);
                    out.flush();
                }
            }
            catch (IOException ex) {
                this.disconnects.add(label);
            }
        };
    }

    /** A plain HTTP error with an OpenAI-style error body. */
    Scenario httpError(int status, String message) {
        return exchange -> {
            byte[] body = ("{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        };
    }

    // ---- the wire format

    private interface Write {

        void run() throws IOException;
    }

    private void writeUntilTheClientLeaves(String label, Write write) {
        try {
            for (int i = 0; i < 1500; i++) {
                write.run();
                // a chunk every 20 ms, as a model streams, until the client or the server leaves
                if (this.closed.await(20, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        }
        catch (IOException ex) {
            this.disconnects.add(label);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static OutputStream startEvents(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().add("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private String chunk(String content, String finishReason) {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", "chatcmpl-" + this.chunkIds.incrementAndGet());
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", 1_790_000_000L);
        chunk.put("model", "test-model");
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (content != null) {
            delta.put("content", content);
        }
        if (finishReason != null) {
            choice.put("finish_reason", finishReason);
        }
        else {
            choice.putNull("finish_reason");
        }
        return JSON.writeValueAsString(chunk);
    }

    @Override
    public void close() {
        this.closed.countDown();
        this.server.stop(0);
        this.threads.shutdownNow();
    }
}
