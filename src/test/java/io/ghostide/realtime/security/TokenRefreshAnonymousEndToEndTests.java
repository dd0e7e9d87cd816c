package io.ghostide.realtime.security;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerTest;
import io.ghostide.realtime.support.StompClient;
import io.ghostide.realtime.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** In {@code none} mode connections hold no token: {@code auth_refresh} is refused with 400 and changes nothing. */
@ServerTest
class TokenRefreshAnonymousEndToEndTests {

    private static final String REFRESH = "{\"type\":\"auth_refresh\",\"data\":{\"token\":\""
            + Tokens.token("ann", "viewer", "anon-refresh") + "\"}}";

    @LocalServerPort
    int port;

    @Test
    void rawRefreshInAnonymousModeIsRefusedWith400() {
        try (RawClient raw = RawClient.connect(this.port, "anon-refresh")) {
            raw.send(REFRESH);
            JsonNode refused = raw.nextOfType("error");
            assertThat(refused.get("data").get("code").asInt()).isEqualTo(400);
            assertThat(refused.get("data").get("detail").asString()).contains("ghostide.security.mode=none");
            // still anonymous, which may do everything: the token did not make it a viewer
            raw.sendCommand("save_file", "{\"file_name\":\"a.py\",\"content\":\"1\"}");
            assertThat(raw.nextOfType("file_saved")).isNotNull();
            assertThat(raw.closed()).isNotDone();
        }
    }

    @Test
    void stompRefreshInAnonymousModeIsRefusedWith400() {
        StompClient stomp = StompClient.connect(this.port);
        try {
            StompClient.Subscription replies = stomp.subscribe("/user/queue/replies");
            stomp.send("/app/session/anon-refresh", REFRESH);
            assertThat(replies.nextOfType("error").get("data").get("code").asInt()).isEqualTo(400);
            assertThat(stomp.failure()).isNotDone();
        }
        finally {
            stomp.close();
        }
    }
}
