package io.ghostide.realtime.connection;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class ConnectionRegistryTests {

    private final ConnectionProperties properties = new ConnectionProperties(2, 3, DataSize.ofKilobytes(64),
            DataSize.ofKilobytes(512), Duration.ofSeconds(10), Duration.ofSeconds(25), Duration.ofSeconds(60),
            Duration.ofSeconds(3), List.of(), 16, 64, Duration.ofSeconds(10), 8, Duration.ofSeconds(5));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private ConnectionRegistry registry;

    private ConnectionMetrics metrics;

    @BeforeEach
    void setUp() {
        this.metrics = new ConnectionMetrics(this.meters);
        this.registry = new ConnectionRegistry(this.properties, this.metrics, this.meters, event -> { });
    }

    @Test
    void aConnectionCountsOncePerSessionHoweverManySubscriptions() {
        open("c1", Transport.STOMP);
        assertThat(this.registry.join("c1", "sub-1", "s")).isEqualTo(JoinResult.JOINED);
        assertThat(this.registry.join("c1", "sub-2", "s")).isEqualTo(JoinResult.JOINED);
        assertThat(this.registry.connectionCount("s")).isEqualTo(1);
        this.registry.leave("c1", "sub-1");
        assertThat(this.registry.connectionCount("s")).isEqualTo(1);
        this.registry.leave("c1", "sub-2");
        assertThat(this.registry.connectionCount("s")).isZero();
        assertThat(this.registry.activeSessions()).isEmpty();
        assertThat(this.registry.totalConnections()).isEqualTo(1);
    }

    @Test
    void theSessionCapRefusesANewcomerButNotAMember() {
        open("a", Transport.RAW);
        open("b", Transport.RAW);
        open("c", Transport.STOMP);
        this.registry.join("a", "raw", "s");
        this.registry.join("b", "raw", "s");
        assertThat(this.registry.join("c", "sub", "s")).isEqualTo(JoinResult.SESSION_FULL);
        assertThat(this.registry.join("a", "another", "s")).isEqualTo(JoinResult.JOINED);
        assertThat(this.registry.refusalBeforeJoin("s", "client")).isNotNull()
                .satisfies(refusal -> assertThat(refusal.code()).isEqualTo(429))
                .satisfies(refusal -> assertThat(refusal.message()).contains("at most 2 (ghostide.connection.max-per-session)"));
        assertThat(this.registry.refusalBeforeJoin("other", "client")).isNull();
        assertThat(this.registry.connectionCount("s")).isEqualTo(2);
    }

    @Test
    void theServerCapRefusesTheConnectionPastIt() {
        assertThat(open("1", Transport.RAW)).isTrue();
        assertThat(open("2", Transport.STOMP)).isTrue();
        assertThat(open("3", Transport.RAW)).isTrue();
        assertThat(this.registry.hasRoomForConnection()).isFalse();
        assertThat(open("4", Transport.RAW)).isFalse();
        assertThat(this.registry.totalConnections()).isEqualTo(3);
        assertThat(this.registry.totalConnections(Transport.RAW)).isEqualTo(2);
        this.registry.closed("1", "closed");
        assertThat(open("4", Transport.RAW)).isTrue();
    }

    @Test
    void closingLeavesEverySessionAtOnce() {
        open("c", Transport.STOMP);
        this.registry.join("c", "1", "s1");
        this.registry.join("c", "2", "s2");
        this.registry.closed("c", "closed");
        assertThat(this.registry.activeSessions()).isEmpty();
        assertThat(this.registry.totalConnections()).isZero();
        assertThat(this.registry.join("c", "3", "s3")).isEqualTo(JoinResult.UNKNOWN_CONNECTION);
        // a second close report is harmless
        this.registry.closed("c", "closed");
        assertThat(this.registry.totalConnections()).isZero();
    }

    @Test
    void movingASubscriptionIdToAnotherSessionLeavesTheFirst() {
        open("c", Transport.STOMP);
        this.registry.join("c", "sub", "s1");
        this.registry.join("c", "sub", "s2");
        assertThat(this.registry.connectionCount("s1")).isZero();
        assertThat(this.registry.connectionCount("s2")).isEqualTo(1);
        assertThat(this.registry.sessionOf("c")).isEqualTo("s2");
    }

    @Test
    void gaugesReadTheRegistry() {
        open("c", Transport.RAW);
        this.registry.join("c", "raw", "s");
        assertThat(this.meters.get("ghostide.connections").tag("transport", "raw").gauge().value()).isEqualTo(1.0);
        assertThat(this.meters.get("ghostide.sessions.active").gauge().value()).isEqualTo(1.0);
    }

    private boolean open(String id, Transport transport) {
        Session nativeSession = mock(Session.class);
        JettyWebSocketSession session = mock(JettyWebSocketSession.class);
        given(session.getNativeSession(Session.class)).willReturn(nativeSession);
        given(session.getId()).willReturn(id);
        return this.registry.tryOpen(new QueuedWebSocketSession(session, transport, this.properties, this.metrics,
                (task, delay) -> task.run()));
    }
}
