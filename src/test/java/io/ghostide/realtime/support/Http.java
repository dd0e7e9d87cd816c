package io.ghostide.realtime.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;

/**
 * Plain HTTP calls to a server on a loopback port, on one shared {@code java.net.http} client.
 * A test that needs a forged header builds on {@link #request(String)}; one that needs raw
 * bytes on the wire uses {@link HttpProbe}.
 */
public final class Http {

    /** The JDK client every test shares; it keeps no cookies and follows no redirects. */
    public static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final int port;

    // null: a request waits as long as the server takes
    private final Duration timeout;

    private Http(int port, Duration timeout) {
        this.port = port;
        this.timeout = timeout;
    }

    /** Calls to {@code http://127.0.0.1:port}. */
    public static Http on(int port) {
        return new Http(port, null);
    }

    /** The same calls, each failing when no answer has come within {@code timeout}. */
    public Http withTimeout(Duration timeout) {
        return new Http(this.port, timeout);
    }

    /** The address of {@code path} (which starts with a slash, and may carry a query). */
    public String url(String path) {
        return "http://127.0.0.1:" + this.port + path;
    }

    public URI uri(String path) {
        return URI.create(url(path));
    }

    /** A request builder for {@code path}, for a test that adds headers or a method of its own. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path));
        return (this.timeout != null) ? builder.timeout(this.timeout) : builder;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    /** GETs {@code path} and parses the body as JSON, whatever the status. */
    public JsonNode getJson(String path) {
        return Json.body(get(path));
    }

    /** POSTs {@code json} with {@code Content-Type: application/json}. */
    public HttpResponse<String> postJson(String path, String json) {
        return send(postJsonRequest(path, json).build());
    }

    /** The same POST, answered on another thread, for a test that waits on several at once. */
    public CompletableFuture<HttpResponse<String>> postJsonAsync(String path, String json) {
        return sendAsync(postJsonRequest(path, json).build());
    }

    /** A POST of {@code json}, for a test that adds a header or a timeout before sending it. */
    public HttpRequest.Builder postJsonRequest(String path, String json) {
        return request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /** POSTs nothing, as a command endpoint (a stop, a kill) is called. */
    public HttpResponse<String> post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** PUTs {@code body} with the given {@code Content-Type}. */
    public HttpResponse<String> put(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** PUTs {@code content} as the text file {@code name} of session {@code sessionId}, through the file API. */
    public HttpResponse<String> putFile(String sessionId, String name, String content) {
        return put("/api/v1/sessions/" + sessionId + "/files/" + name, "text/plain", content);
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE().build());
    }

    /** Sends {@code request} on the shared client and reads the body as text, on another thread. */
    public static CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code request} on the shared client and reads the body as text. */
    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
