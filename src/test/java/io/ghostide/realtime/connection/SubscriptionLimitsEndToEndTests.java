package io.ghostide.realtime.connection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerTest;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.MessageDeliveryException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lock-out attacks on subscriptions, with the default caps: one STOMP connection may not
 * subscribe to more than 16 sessions, nor hold more than 64 subscriptions of any kind.
 */
@ServerTest
class SubscriptionLimitsEndToEndTests {

    @LocalServerPort
    int port;

    @Autowired
    ConnectionStats stats;

    @Test
    void theSeventeenthSessionOnOneConnectionEndsOnlyThatConnection() {
        try (StompClient attacker = StompClient.connect(this.port)) {
            for (int i = 0; i < 16; i++) {
                attacker.subscribe("/topic/session/victim-" + i);
            }
            assertThat(this.stats.connectionCount("victim-15")).isEqualTo(1);
            attacker.subscribeNoWait("/topic/session/victim-16");
            Throwable failure = attacker.failure().orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(failure).hasMessageContaining("Too many sessions on one connection: at most 16")
                    .hasMessageNotContaining("org.springframework");
            assertThat(this.stats.connectionCount("victim-16")).isZero();
        }
        // the refused connection is gone, and with it its place in every session it held
        await().atMost(Duration.ofSeconds(2)).until(() -> this.stats.connectionCount("victim-0") == 0);
        try (RawClient owner = RawClient.connect(this.port, "victim-0")) {
            assertThat(this.stats.connectionCount("victim-0")).isEqualTo(1);
        }
    }

    @Test
    void aHundredThousandSubscriptionsOnOneConnectionAreRefusedAtTheCap() {
        try (StompClient attacker = StompClient.connect(this.port)) {
            attacker.subscribe("/user/queue/replies");
            for (int i = 0; i < 63; i++) {
                attacker.subscribeNoWait(i % 2 == 0 ? "/topic/session/many" : "/user/queue/replies");
            }
            // every one of these is new: the first past the cap ends the connection
            int sent = 0;
            try {
                for (; sent < 100_000 && !attacker.failure().isDone(); sent++) {
                    attacker.subscribeNoWait("/topic/session/many");
                }
            }
            catch (IllegalStateException | MessageDeliveryException ex) {
                // the server closed the connection while the attack was still sending (the client
                // finds its session closed, or its write fails with a broken pipe): what it should do
            }
            Throwable failure = attacker.failure().orTimeout(10, TimeUnit.SECONDS).join();
            if (failure instanceof java.io.IOException) {
                // the attacker was still writing when the server closed: its kernel answered the close with a
                // reset, which drops the ERROR frame unread in its receive buffer (TCP, not the server)
                assertThat(failure).isInstanceOfAny(java.nio.channels.ClosedChannelException.class,
                        org.eclipse.jetty.io.EofException.class);
            }
            else {
                assertThat(failure).hasMessageContaining("Too many subscriptions on one connection: at most 64");
            }
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> this.stats.connectionCount("many") == 0);
    }
}
