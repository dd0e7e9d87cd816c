package io.ghostide.realtime.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Predicate;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RedisServer;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.SessionTrail;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.StompClient.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis killed in the middle of a stream and started again, with two instances and clients of
 * both transports attached. While it is away: commands get {@code error} 503, REST 503,
 * readiness is down, nothing crashes and no client is dropped. When it returns with its data,
 * the clients still connected go on in {@code seq} order with no gap and no duplicate, and a
 * client that was away resumes across the outage; when it returns empty, the epoch changes and
 * a resume honestly says {@code recovered: false}.
 */
class RedisRestartEndToEndTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aRedisBackWithItsDataLeavesTheSessionWithoutAGap() throws Exception {
        try (Outage outage = Outage.of(RedisServer.startPersistent(), "kept")) {
            outage.streamThroughARestart();
            for (SessionTrail trail : outage.trails()) {
                trail.assertGapless();
                outage.assertEveryPublishedOnceInOrder(trail);
            }
            // a client that left before Redis died resumes after it, from the other instance
            try (RawClient late = RawClient.connectWithPresence(outage.b.port(), outage.session + "?since="
                    + outage.seqBeforeTheKill + "&epoch=" + outage.epoch)) {
                JsonNode data = late.connectFrame().get("data");
                assertThat(data.get("recovered").asBoolean()).isTrue();
                assertThat(data.get("epoch").asString()).isEqualTo(outage.epoch);
                List<Long> seen = outage.rawTrail.seqs();
                List<Long> missed = seen.subList(seen.indexOf(outage.seqBeforeTheKill) + 1, seen.size());
                assertThat(data.get("missed").asInt()).isEqualTo(missed.size());
                SessionTrail replayed = new SessionTrail("replayed");
                for (int i = 0; i < missed.size(); i++) {
                    replayed.add(late.next(WAIT));
                }
                assertThat(replayed.seqs()).isEqualTo(missed);
            }
        }
    }

    @Test
    void aRedisBackEmptyStartsTheSessionInANewEpoch() throws Exception {
        try (Outage outage = Outage.of(RedisServer.start(), "lost")) {
            outage.streamThroughARestart();
            for (SessionTrail trail : outage.trails()) {
                // the history and its counter started over: one run of seq before, one from 1 after
                List<Long> seqs = trail.seqs();
                int restart = 1;
                while (restart < seqs.size() && seqs.get(restart) > seqs.get(restart - 1)) {
                    restart++;
                }
                assertThat(restart).as("the seq starts over once, %s", trail).isLessThan(seqs.size());
                trail.assertGapless(seqs.subList(0, restart));
                trail.assertGapless(seqs.subList(restart, seqs.size()));
                assertThat(seqs.get(restart)).isEqualTo(1);
                outage.assertEveryPublishedOnceInOrder(trail);
            }
            try (RawClient late = RawClient.connectWithPresence(outage.b.port(), outage.session + "?since="
                    + outage.seqBeforeTheKill + "&epoch=" + outage.epoch)) {
                JsonNode data = late.connectFrame().get("data");
                assertThat(data.get("recovered").asBoolean()).isFalse();
                assertThat(data.get("missed").asInt()).isZero();
                assertThat(data.get("epoch").asString()).isNotEqualTo(outage.epoch);
            }
        }
    }

    /** Two instances, a raw client on one and a STOMP client on the other, a publisher, and Redis going away. */
    private static final class Outage implements AutoCloseable {

        final RedisServer redis;

        final String session;

        ServerInstance a;

        ServerInstance b;

        RawClient raw;

        StompClient stomp;

        StompClient.Subscription topic;

        PacedPublisher publisher;

        final SessionTrail rawTrail = new SessionTrail("raw on A");

        final SessionTrail stompTrail = new SessionTrail("STOMP on B");

        String epoch;

        long seqBeforeTheKill;

        int last;

        private Outage(RedisServer redis, String session) {
            this.redis = redis;
            this.session = session;
        }

        static Outage of(RedisServer redis, String session) {
            Outage outage = new Outage(redis, session);
            try {
                outage.a = ServerInstance.redis(redis, "restart-a");
                outage.b = ServerInstance.redis(redis, "restart-b");
                outage.raw = RawClient.connectWithPresence(outage.a.port(), session);
                outage.epoch = outage.raw.connectFrame().get("data").get("epoch").asString();
                outage.stomp = StompClient.connect(outage.b.port());
                outage.topic = outage.stomp.subscribe(topic(session, null, null), true);
                return outage;
            }
            catch (RuntimeException ex) {
                outage.close();
                throw ex;
            }
        }

        List<SessionTrail> trails() {
            return List.of(this.rawTrail, this.stompTrail);
        }

        void streamThroughARestart() {
            this.publisher = PacedPublisher.through(this.a, this.session);
            this.rawTrail.readUntil(this.raw::next, 10);
            this.stompTrail.readUntil(this.topic::next, 10);
            this.seqBeforeTheKill = this.rawTrail.lastSeq();

            this.redis.kill();
            for (ServerInstance server : List.of(this.a, this.b)) {
                await().atMost(WAIT).until(() -> server.get("/actuator/health/readiness").statusCode() == 503);
                assertThat(server.get("/actuator/health").statusCode()).isEqualTo(503);
                assertThat(server.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
                assertThat(server.get("/ws/status").statusCode()).isEqualTo(503);
            }
            // a command that needs Redis is refused to its sender, who stays connected
            this.raw.sendCommand("save_file", "{\"file_name\":\"while_down.py\",\"content\":\"print(1)\"}");
            JsonNode refusal = readUntilMatching(this.rawTrail, this.raw,
                    frame -> "error".equals(frame.path("type").asString()));
            assertThat(refusal.get("data").get("code").asInt()).isEqualTo(503);
            PacedPublisher running = this.publisher;
            await().atMost(WAIT).until(() -> !running.refused().isEmpty());
            assertThat(this.raw.closed()).isNotDone();
            assertThat(this.stomp.session().isConnected()).isTrue();
            assertThat(this.a.isRunning()).isTrue();
            assertThat(this.b.isRunning()).isTrue();

            this.redis.restart();
            for (ServerInstance server : List.of(this.a, this.b)) {
                await().atMost(WAIT).until(() -> server.get("/actuator/health/readiness").statusCode() == 200);
            }
            int published = running.publishedCount();
            await().atMost(WAIT).until(() -> running.publishedCount() >= published + 30);
            this.last = running.stop();
            this.rawTrail.readUntil(this.raw::next, this.last);
            this.stompTrail.readUntil(this.topic::next, this.last);
            assertThat(running.failures()).isEmpty();
        }

        /**
         * Every publish reported done arrived once, in order, with the seq the publisher was given;
         * of those refused, only one in flight as Redis died may have arrived (its reply was lost).
         */
        void assertEveryPublishedOnceInOrder(SessionTrail trail) {
            SortedMap<Integer, Long> published = this.publisher.published();
            List<Integer> numbers = trail.numbers();
            assertThat(numbers).as("in order, none twice: %s", trail).isSorted().doesNotHaveDuplicates();
            assertThat(numbers).as(trail.toString()).containsAll(published.keySet());
            List<Integer> extra = new ArrayList<>(numbers);
            extra.removeAll(published.keySet());
            assertThat(this.publisher.refused()).containsAll(extra);
            assertThat(extra).hasSizeLessThanOrEqualTo(1);
            Map<Integer, Long> seqs = trail.seqOfNumber();
            published.forEach((n, seq) -> assertThat(seqs.get(n)).as("seq of %d", n).isEqualTo(seq));
        }

        private static JsonNode readUntilMatching(SessionTrail trail, RawClient client, Predicate<JsonNode> wanted) {
            for (;;) {
                JsonNode frame = client.next(WAIT);
                if (wanted.test(frame)) {
                    return frame;
                }
                trail.add(frame);
            }
        }

        @Override
        public void close() {
            ServerInstance.closeQuietly(this.publisher, this.raw, this.stomp, this.b, this.a, this.redis);
        }
    }
}
