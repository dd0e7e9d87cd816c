package io.ghostide.realtime.ghost;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Checks on the Ghost frames a session received, in the order it received them. */
final class GhostFrames {

    private static final Set<String> GHOST_TYPES = Set.of("ai_typing", "ai_response_chunk", "ai_response", "ai_error");

    private GhostFrames() {
    }

    static boolean isGhost(JsonNode frame) {
        return GHOST_TYPES.contains(frame.path("type").asString());
    }

    static String type(JsonNode frame) {
        return frame.path("type").asString();
    }

    /**
     * Asserts the bracket rule over a sequence of frames: {@code ai_typing} alternates true and
     * false starting with true, chunks, responses and errors come only inside a bracket, and at most
     * one response or error per bracket; chunks of a bracket share one message id with its response.
     */
    static void assertBracketed(List<JsonNode> frames) {
        boolean typing = false;
        boolean ended = false;
        String messageId = null;
        int index = 0;
        for (JsonNode frame : frames) {
            switch (type(frame)) {
                case "ai_typing" -> {
                    boolean value = frame.get("data").get("is_typing").asBoolean();
                    assertThat(value).as("ai_typing alternates, got %s twice", value).isNotEqualTo(typing);
                    typing = value;
                    ended = false;
                    messageId = null;
                    index = 0;
                }
                case "ai_response_chunk" -> {
                    assertThat(typing && !ended).as("a chunk inside an open bracket").isTrue();
                    String id = frame.get("data").get("message_id").asString();
                    assertThat(messageId == null || messageId.equals(id)).as("one message id per bracket").isTrue();
                    messageId = id;
                    assertThat(frame.get("data").get("index").asInt()).isEqualTo(index++);
                }
                case "ai_response", "ai_error" -> {
                    assertThat(typing && !ended).as(type(frame) + " inside an open bracket").isTrue();
                    if (type(frame).equals("ai_response") && messageId != null) {
                        assertThat(frame.get("data").get("message").get("id").asString()).isEqualTo(messageId);
                    }
                    ended = true;
                }
                default -> fail("Not a Ghost frame: " + frame);
            }
        }
        assertThat(typing).as("the last bracket is closed").isFalse();
    }

    /** The whole text of an answer as its chunks carried it. */
    static String joinedChunks(List<JsonNode> frames, String messageId) {
        StringBuilder text = new StringBuilder();
        for (JsonNode frame : frames) {
            if (type(frame).equals("ai_response_chunk") && frame.get("data").get("message_id").asString().equals(messageId)) {
                text.append(frame.get("data").get("delta").asString());
            }
        }
        return text.toString();
    }

    static List<JsonNode> ofType(List<JsonNode> frames, String type) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode frame : frames) {
            if (type(frame).equals(type)) {
                found.add(frame);
            }
        }
        return found;
    }
}
