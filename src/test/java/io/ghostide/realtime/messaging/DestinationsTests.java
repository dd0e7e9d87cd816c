package io.ghostide.realtime.messaging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DestinationsTests {

    @Test
    void everySessionDestinationRoundTrips() {
        assertThat(Destinations.sessionOfTopic(Destinations.sessionTopic("s_1-A"))).isEqualTo("s_1-A");
        assertThat(Destinations.sessionOfCommands(Destinations.sessionCommands("s1"))).isEqualTo("s1");
    }

    @Test
    void malformedDestinationsHaveNoSession() {
        assertThat(Destinations.sessionOfTopic("/topic/session/")).isNull();
        assertThat(Destinations.sessionOfTopic("/topic/session/a/b")).isNull();
        assertThat(Destinations.sessionOfTopic("/topic/session/" + "x".repeat(65))).isNull();
        assertThat(Destinations.sessionOfTopic("/topic/other/a")).isNull();
        assertThat(Destinations.sessionOfTopic("/queue/replies-user123")).isNull();
        assertThat(Destinations.sessionOfTopic(null)).isNull();
        assertThat(Destinations.sessionOfCommands("/app/session/a*")).isNull();
    }

    @Test
    void everyTypeHasADistinctWireName() {
        assertThat(MessageType.values()).extracting(MessageType::wireName).doesNotHaveDuplicates();
        assertThat(MessageType.fromWireName("execution_output")).isEqualTo(MessageType.EXECUTION_OUTPUT);
        assertThat(MessageType.fromWireName("EXECUTION_OUTPUT")).isNull();
        assertThat(MessageType.values()).filteredOn(MessageType::fromClient).extracting(MessageType::wireName)
                .containsExactly("execution_input", "awareness", "ping", "execute_code", "ghost_chat", "save_file",
                        "execution_stop", "doc_open", "doc_push", "presence", "auth_refresh");
    }
}
