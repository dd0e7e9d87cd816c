package io.ghostide.realtime.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class QueuedWebSocketSessionTests {

    private final ConnectionProperties properties = new ConnectionProperties(32, 100, DataSize.ofBytes(100),
            DataSize.ofBytes(1000), Duration.ofSeconds(10), Duration.ofSeconds(25), Duration.ofSeconds(60),
            Duration.ofSeconds(3), List.of(), 16, 64, Duration.ofSeconds(10), 8, Duration.ofSeconds(5));

    private final Session nativeSession = mock(Session.class);

    private final JettyWebSocketSession delegate = mock(JettyWebSocketSession.class);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    // what Jetty was asked to write, with the callback it will complete
    private final List<String> written = new ArrayList<>();

    private final List<Callback> pending = new ArrayList<>();

    // tasks the session scheduled, with their delays
    private final List<Runnable> scheduled = new ArrayList<>();

    private final List<Duration> delays = new ArrayList<>();

    // when set, Jetty completes each write at once, on the writing thread
    private boolean completeAtOnce;

    private QueuedWebSocketSession session;

    @BeforeEach
    void setUp() {
        given(this.delegate.getNativeSession(Session.class)).willReturn(this.nativeSession);
        given(this.delegate.getId()).willReturn("c1");
        willAnswer(invocation -> {
            this.written.add(invocation.getArgument(0));
            Callback callback = invocation.getArgument(1);
            if (this.completeAtOnce) {
                callback.succeed();
            }
            else {
                this.pending.add(callback);
            }
            return null;
        }).given(this.nativeSession).sendText(anyString(), any(Callback.class));
        this.session = new QueuedWebSocketSession(this.delegate, Transport.RAW, this.properties,
                new ConnectionMetrics(this.meters), (task, delay) -> {
                    this.scheduled.add(task);
                    this.delays.add(delay);
                });
    }

    @Test
    void jettyIsToldTheSessionsLimits() {
        verify(this.nativeSession).setMaxTextMessageSize(100);
        verify(this.nativeSession).setMaxBinaryMessageSize(100);
        verify(this.nativeSession).setInputBufferSize(JettySessionSettings.INPUT_BUFFER_SIZE);
        verify(this.nativeSession).setIdleTimeout(Duration.ofSeconds(85));
    }

    @Test
    void writesGoOutOneAtATimeInOrder() throws Exception {
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
        assertThat(this.meters.get("ghostide.messages.delivered").tag("transport", "raw").counter().count()).isEqualTo(3.0);
    }

    @Test
    void writesJettyCompletesAtOnceAreDrainedInALoopNotByRecursion() throws Exception {
        int queued = 100_000;
        DataSize large = DataSize.ofMegabytes(10);
        this.session = new QueuedWebSocketSession(this.delegate, Transport.RAW, new ConnectionProperties(32, 100,
                DataSize.ofBytes(100), large, Duration.ofSeconds(10), Duration.ofSeconds(25), Duration.ofSeconds(60),
                Duration.ofSeconds(3), List.of(), 16, 64, Duration.ofSeconds(10), 8, Duration.ofSeconds(5)),
                new ConnectionMetrics(this.meters), (task, delay) -> { });
        this.session.sendMessage(new TextMessage("first"));
        for (int i = 0; i < queued; i++) {
            this.session.sendMessage(new TextMessage("m"));
        }
        this.completeAtOnce = true;
        // completed from another call stack than the one that started the write, as Jetty does
        complete(0);
        assertThat(this.written).hasSize(queued + 1);
        assertThat(this.session.queuedSize()).isZero();
    }

    @Test
    void overflowingTheSendBufferClosesThenAbortsTheSocket() throws Exception {
        this.session.sendMessage(new TextMessage("x".repeat(600)));
        this.session.sendMessage(new TextMessage("y".repeat(300)));
        this.session.sendMessage(new TextMessage("z".repeat(200)));
        CloseStatus status = CloseReason.SEND_BUFFER_FULL.status();
        verify(this.nativeSession).close(eq(status.getCode()), eq(status.getReason()), any(Callback.class));
        complete(0);
        assertThat(this.written).hasSize(1);
        assertThat(this.delays).containsExactly(QueuedWebSocketSession.ABORT_GRACE);
        verify(this.nativeSession, never()).disconnect();
        this.scheduled.get(0).run();
        verify(this.nativeSession).disconnect();
    }

    @Test
    void anApplicationCloseWaitsForWhatIsQueued() throws Exception {
        this.session.sendMessage(new TextMessage("last words"));
        this.session.close(CloseStatus.GOING_AWAY);
        verify(this.nativeSession, never()).close(anyInt(), anyString(), any(Callback.class));
        complete(0);
        verify(this.nativeSession).close(eq(1001), any(), any(Callback.class));
        assertThat(this.scheduled).isEmpty();
    }

    @Test
    void aWriteIsOverdueOnlyWhileInFlightPastTheSendTimeLimit() throws Exception {
        long now = System.nanoTime();
        assertThat(this.session.writeOverdue(now + Duration.ofMinutes(1).toNanos())).isFalse();
        this.session.sendMessage(new TextMessage("stuck"));
        assertThat(this.session.writeOverdue(System.nanoTime() + Duration.ofSeconds(9).toNanos())).isFalse();
        assertThat(this.session.writeOverdue(System.nanoTime() + Duration.ofSeconds(11).toNanos())).isTrue();
        complete(0);
        assertThat(this.session.writeOverdue(System.nanoTime() + Duration.ofSeconds(11).toNanos())).isFalse();
    }

    @Test
    void aFailedWriteForgetsTheQueue() throws Exception {
        this.session.sendMessage(new TextMessage("a"));
        this.session.sendMessage(new TextMessage("b"));
        this.pending.get(0).fail(new java.io.EOFException());
        assertThat(this.session.queuedSize()).isZero();
        this.session.sendMessage(new TextMessage("c"));
        assertThat(this.written).containsExactly("a");
    }

    @Test
    void pingsWaitTheirTurnWithoutCountingAsDeliveries() throws Exception {
        List<Callback> pings = new ArrayList<>();
        willAnswer(invocation -> pings.add(invocation.getArgument(1))).given(this.nativeSession)
                .sendPing(any(), any(Callback.class));
        this.session.sendMessage(new TextMessage("a"));
        this.session.sendMessage(new PingMessage());
        assertThat(pings).isEmpty();
        complete(0);
        assertThat(pings).hasSize(1);
        pings.get(0).succeed();
        assertThat(this.meters.get("ghostide.messages.delivered").tag("transport", "raw").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aReaderHoldsAPacedProducerUntilWhatWasQueuedStaysUnwrittenPastTheTimeout() throws Exception {
        long start = System.nanoTime();
        assertThat(this.session.pacedBacklog(start + Duration.ofMinutes(1).toNanos())).isZero();
        this.session.sendMessage(new TextMessage("a".repeat(12)));
        // watched from now on: what is queued must be written within the timeout (5 s)
        assertThat(this.session.pacedBacklog(start)).isEqualTo(12);
        assertThat(this.session.pacedBacklog(start + Duration.ofSeconds(4).toNanos())).isEqualTo(12);
        // it wrote that, and has more to write: a new watch, not a cut
        complete(0);
        this.session.sendMessage(new TextMessage("b".repeat(12)));
        assertThat(this.session.pacedBacklog(start + Duration.ofSeconds(6).toNanos())).isEqualTo(12);
        assertThat(this.session.pacedBacklog(start + Duration.ofSeconds(10).toNanos())).isEqualTo(12);
        // still not written 5 s after the new watch began: it stayed behind
        assertThat(this.session.pacedBacklog(start + Duration.ofSeconds(12).toNanos())).isEqualTo(-1);
    }

    @Test
    void aCutEndsTheConnectionWithOnlyItsFarewell() throws Exception {
        this.session.sendMessage(new TextMessage("in flight"));
        this.session.sendMessage(new TextMessage("queued"));
        this.session.cut(CloseReason.SLOW_CONSUMER, () -> {
            try {
                // published by another thread while the farewell goes out: it must not follow what was dropped
                Thread racer = new Thread(() -> sendQuietly("raced"));
                racer.start();
                racer.join();
                this.session.sendMessage(new TextMessage("farewell"));
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        this.session.sendMessage(new TextMessage("after"));
        // no longer waited for by a paced producer
        assertThat(this.session.pacedBacklog(System.nanoTime())).isZero();
        complete(0);
        complete(1);
        assertThat(this.written).containsExactly("in flight", "farewell");
        CloseStatus status = CloseReason.SLOW_CONSUMER.status();
        verify(this.nativeSession).close(eq(1008), eq(status.getReason()), any(Callback.class));
        assertThat(this.meters.get("ghostide.connections.closed").tag("reason", "slow_consumer").counter().count())
                .isEqualTo(1.0);
        // a second cut, or a limit broken later, is not counted again
        this.session.cut(CloseReason.SLOW_CONSUMER, () -> { });
        this.session.abort(CloseReason.SEND_TIME_LIMIT);
        assertThat(this.meters.get("ghostide.connections.closed").tag("reason", "slow_consumer").counter().count())
                .isEqualTo(1.0);
        assertThat(this.meters.get("ghostide.connections.closed").tag("reason", "send_time_limit").counter().count())
                .isZero();
        // the socket is dropped if the close does not get through
        assertThat(this.delays).containsExactly(QueuedWebSocketSession.ABORT_GRACE);
        this.scheduled.get(0).run();
        verify(this.nativeSession).disconnect();
    }

    private void sendQuietly(String text) {
        try {
            this.session.sendMessage(new TextMessage(text));
        }
        catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private void complete(int index) {
        this.pending.get(index).succeed();
    }
}
