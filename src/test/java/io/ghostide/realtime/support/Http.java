package io.ghostide.realtime.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private Http(int port) {
        this.port = port;
    }

    /** Calls to {@code http://127.0.0.1:port}. */
    public static Http on(int port) {
        return new Http(port);
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
        return HttpRequest.newBuilder(uri(path));
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
        return CLIENT.sendAsync(postJsonRequest(path, json).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST of {@code json}, for a test that adds a header or a timeout before sending it. */
    public HttpRequest.Builder postJsonRequest(String path, String json) {
        return request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
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
