package bench.peer.stomp;

import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.annotation.SendToUser;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.WebSocketMessageBrokerStats;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.messaging.SessionConnectEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * BASELINE PEER for the GhostIDE Realtime benchmark: a bare Spring STOMP simple-broker app
 * written the obvious way (default settings), with the benchmark's publish and stats endpoints.
 */
@SpringBootApplication
public class StompPeerApplication {

    public static void main(String[] args) {
        SpringApplication.run(StompPeerApplication.class, args);
    }

    /** STOMP at /stomp, simple broker for /topic and /queue, commands under /app. */
    @Configuration
    @EnableWebSocketMessageBroker
    static class StompConfig implements WebSocketMessageBrokerConfigurer {

        @Override
        public void registerStompEndpoints(StompEndpointRegistry registry) {
            // each connection gets a name of its own, so that @SendToUser reaches it
            registry.addEndpoint("/stomp").setHandshakeHandler(new DefaultHandshakeHandler() {
                @Override
                protected Principal determineUser(ServerHttpRequest request, WebSocketHandler handler,
                        Map<String, Object> attributes) {
                    String name = UUID.randomUUID().toString();
                    return () -> name;
                }
            });
        }

        @Override
        public void configureMessageBroker(MessageBrokerRegistry registry) {
            registry.enableSimpleBroker("/topic", "/queue");
            registry.setApplicationDestinationPrefixes("/app");
        }
    }

    /** ping -> pong to the sender only. */
    @org.springframework.stereotype.Controller
    static class Commands {

        @MessageMapping("/session/{sessionId}")
        @SendToUser(destinations = "/queue/replies", broadcast = false)
        Map<String, Object> command(@DestinationVariable String sessionId, @Payload Map<String, Object> message) {
            Map<String, Object> data = new LinkedHashMap<>();
            if ("ping".equals(message.get("type"))) {
                Object stamp = message.get("timestamp");
                data.put("timestamp", stamp != null ? stamp : Instant.now().toString());
                return envelope("pong", sessionId, null, data);
            }
            data.put("error", "Unknown message type");
            data.put("code", 400);
            return envelope("error", sessionId, null, data);
        }
    }

    static Map<String, Object> envelope(String type, String sessionId, Long seq, Object data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", type);
        envelope.put("timestamp", Instant.now().toString());
        envelope.put("session_id", sessionId);
        if (seq != null) {
            envelope.put("seq", seq);
        }
        envelope.put("data", data);
        return envelope;
    }

    /** Open STOMP sessions, counted from connect and disconnect events. */
    @RestController
    static class Stats {

        final Set<String> open = ConcurrentHashMap.newKeySet();

        final WebSocketMessageBrokerStats brokerStats;

        Stats(WebSocketMessageBrokerStats brokerStats) {
            this.brokerStats = brokerStats;
        }

        @EventListener
        void connected(SessionConnectEvent event) {
            this.open.add((String) event.getMessage().getHeaders().get("simpSessionId"));
        }

        @EventListener
        void disconnected(SessionDisconnectEvent event) {
            this.open.remove(event.getSessionId());
        }

        @GetMapping("/ws/status")
        Map<String, Object> status() {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("total_connections", this.open.size());
            status.put("websocket_sessions", this.brokerStats.getWebSocketSessionStats().getWebSocketSessions());
            return status;
        }
    }

    /** POST /benchmark/publish: the same endpoint as the other servers, through SimpMessagingTemplate. */
    @RestController
    static class Publisher {

        record Request(List<String> session_ids, int count, int rate_per_second, int payload_bytes) {
        }

        final SimpMessagingTemplate template;

        final Map<String, AtomicLong> seqs = new ConcurrentHashMap<>();

        Publisher(SimpMessagingTemplate template) {
            this.template = template;
        }

        @PostMapping("/benchmark/publish")
        Map<String, Object> publish(@RequestBody Request request) throws InterruptedException {
            String pad = "x".repeat(request.payload_bytes());
            long start = System.nanoTime();
            AtomicLong first = new AtomicLong(Long.MAX_VALUE);
            AtomicLong last = new AtomicLong(Long.MIN_VALUE);
            List<Thread> threads = new ArrayList<>();
            for (String id : request.session_ids()) {
                Thread thread = new Thread(() -> {
                    long interval = request.rate_per_second() > 0 ? TimeUnit.SECONDS.toNanos(1) / request.rate_per_second() : 0;
                    AtomicLong seq = this.seqs.computeIfAbsent(id, k -> new AtomicLong());
                    for (int i = 0; i < request.count(); i++) {
                        if (interval > 0) {
                            long wait;
                            while ((wait = start + i * interval - System.nanoTime()) > 0) {
                                LockSupport.parkNanos(wait);
                            }
                        }
                        long sentUs = System.nanoTime() / 1000;
                        first.accumulateAndGet(sentUs, Math::min);
                        last.accumulateAndGet(sentUs, Math::max);
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("i", i);
                        details.put("sent_us", sentUs);
                        details.put("pad", pad);
                        this.template.convertAndSend("/topic/session/" + id, (Object) envelope("session_update", id,
                                seq.incrementAndGet(), Map.of("update_type", "benchmark", "details", details)));
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            double elapsedMs = (System.nanoTime() - start) / 1e6;
            long published = (long) request.count() * request.session_ids().size();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("published", published);
            result.put("elapsed_ms", elapsedMs);
            result.put("first_sent_us", first.get());
            result.put("last_sent_us", last.get());
            result.put("achieved_rate", published * 1000.0 / elapsedMs);
            return result;
        }
    }
}
