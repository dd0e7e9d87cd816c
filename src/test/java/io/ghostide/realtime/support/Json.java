package io.ghostide.realtime.support;

import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the tests, configured as a client would be (Jackson's defaults), so
 * that no test reads the wire through the application's own configured mapper.
 */
public final class Json {

    /** Jackson 3's defaults; thread-safe, shared by every test. */
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private Json() {
    }

    /** Parses a text frame, an HTTP body or any JSON text. */
    public static JsonNode read(String text) {
        return JSON.readTree(text);
    }

    /** Parses a frame's payload given as UTF-8 bytes. */
    public static JsonNode read(byte[] utf8) {
        return JSON.readTree(utf8);
    }

    /** Parses the body of an HTTP response. */
    public static JsonNode body(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** Writes a value (a map, a record, a node) as JSON text. */
    public static String write(Object value) {
        return JSON.writeValueAsString(value);
    }
}
