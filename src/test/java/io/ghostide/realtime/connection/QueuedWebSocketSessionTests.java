package io.ghostide.realtime.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class QueuedWebSocketSessionTests {

    private final ConnectionProperties properties = new ConnectionProperties(32, 100, DataSize.ofBytes(100),
            DataSize.ofBytes(1000), Duration.ofSeconds(10), Duration.ofSeconds(25), Duration.ofSeconds(60),
            Duration.ofSeconds(3), List.of());

    private final RemoteEndpoint.Async remote = mock(RemoteEndpoint.Async.class);

    private final StandardWebSocketSession delegate = mock(StandardWebSocketSession.class);

    // what the container was asked to write, with the completion it will call
    private final List<String> written = new ArrayList<>();

    private final List<SendHandler> pending = new ArrayList<>();

    private QueuedWebSocketSession session;

    @BeforeEach
    void setUp() {
        Session nativeSession = mock(Session.class);
        given(nativeSession.getAsyncRemote()).willReturn(this.remote);
        given(nativeSession.getUserProperties()).willReturn(new java.util.HashMap<>());
        given(this.delegate.getNativeSession(Session.class)).willReturn(nativeSession);
        given(this.delegate.getId()).willReturn("c1");
        willAnswer(invocation -> {
            this.written.add(invocation.getArgument(0));
            this.pending.add(invocation.getArgument(1));
            return null;
        }).given(this.remote).sendText(anyString(), any(SendHandler.class));
        this.session = new QueuedWebSocketSession(this.delegate, Transport.RAW, this.properties,
                new ConnectionMetrics(new SimpleMeterRegistry()), Runnable::run);
    }

    @Test
    void oneWriteIsInFlightAtATimeAndTheRestFollowInOrder() throws Exception {
        this.session.sendMessage(new TextMessage("a"));
        this.session.sendMessage(new TextMessage("b"));
        this.session.sendMessage(new TextMessage("c"));
        assertThat(this.written).containsExactly("a");
        complete(0);
        assertThat(this.written).containsExactly("a", "b");
        complete(1);
        complete(2);
        assertThat(this.written).containsExactly("a", "b", "c");
        assertThat(this.session.queuedSize()).isZero();
    }

    @Test
    void overflowingTheSendBufferClosesAndDropsTheQueue() throws Exception {
        this.session.sendMessage(new TextMessage("x".repeat(600)));
        this.session.sendMessage(new TextMessage("y".repeat(300)));
        this.session.sendMessage(new TextMessage("z".repeat(200)));
        verify(this.delegate).close(CloseReason.SEND_BUFFER_FULL.status());
        complete(0);
        assertThat(this.written).hasSize(1);
    }

    @Test
    void anApplicationCloseWaitsForWhatIsQueued() throws Exception {
        this.session.sendMessage(new TextMessage("last words"));
        this.session.close(CloseStatus.GOING_AWAY);
        verify(this.delegate, never()).close(any(CloseStatus.class));
        complete(0);
        verify(this.delegate).close(CloseStatus.GOING_AWAY);
    }

    @Test
    void aTimedOutWriteClosesForTheSendTimeLimit() throws Exception {
        this.session.sendMessage(new TextMessage("stuck"));
        this.pending.get(0).onResult(new SendResult((Session) null, new java.net.SocketTimeoutException()));
        verify(this.delegate).close(CloseReason.SEND_TIME_LIMIT.status());
    }

    @Test
    void inboundFramesAreMeasuredAcrossPartsInUtf8Bytes() {
        assertThat(this.session.acceptInbound(new TextMessage("a".repeat(60), false), 100)).isNotNull();
        assertThat(this.session.acceptInbound(new TextMessage("é".repeat(30), true), 100)).isNull();
    }

    @Test
    void aWholeMessageResetsTheInboundCount() {
        for (int i = 0; i < 5; i++) {
            assertThat(this.session.acceptInbound(new TextMessage("a".repeat(90), true), 100)).isNotNull();
        }
    }

    @Test
    void aSurrogatePairSplitAcrossPartsIsJoined() {
        String ghost = "\uD83D\uDC7B";
        TextMessage first = this.session.acceptInbound(new TextMessage("boo " + ghost.charAt(0), false), 100);
        TextMessage second = this.session.acceptInbound(new TextMessage(ghost.charAt(1) + "!", true), 100);
        assertThat(first.getPayload()).isEqualTo("boo ");
        assertThat(second.getPayload()).isEqualTo(ghost + "!");
    }

    private void complete(int index) {
        this.pending.get(index).onResult(new SendResult((Session) null));
    }
}
