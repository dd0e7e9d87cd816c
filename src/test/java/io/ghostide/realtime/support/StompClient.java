package io.ghostide.realtime.support;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.messaging.MessageHeaders;
import org.springframework.util.MimeTypeUtils;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.fail;

/**
 * A STOMP client of {@code /stomp} on Spring's {@link WebSocketStompClient}, as a Java user
 * would write it. Subscriptions wait for the server's RECEIPT, so they are live on return.
 */
public final class StompClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebSocketStompClient client;

    private final StompSession session;

    private final ThreadPoolTaskScheduler scheduler;

    private final CompletableFuture<Throwable> failure = new CompletableFuture<>();

    private StompHeaders connectedHeaders = new StompHeaders();

    private StompClient(WebSocketStompClient client, StompSession session, ThreadPoolTaskScheduler scheduler) {
        this.client = client;
        this.session = session;
        this.scheduler = scheduler;
    }

    public static StompClient connect(int port) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
        client.setMessageConverter(new JsonBytesConverter());
        client.setTaskScheduler(scheduler);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        CompletableFuture<StompHeaders> connected = new CompletableFuture<>();
        StompHeaders connectHeaders = new StompHeaders();
        connectHeaders.setHeartbeat(new long[] { 10000, 10000 });
        StompSession session = client.connectAsync("ws://127.0.0.1:" + port + "/stomp",
                new org.springframework.web.socket.WebSocketHttpHeaders(), connectHeaders, new StompSessionHandlerAdapter() {
            @Override
            public void afterConnected(StompSession session, StompHeaders headers) {
                connected.complete(headers);
            }

            @Override
            public void handleTransportError(StompSession session, Throwable exception) {
                failure.complete(exception);
            }

            @Override
            public Type getPayloadType(StompHeaders headers) {
                return byte[].class;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                failure.complete(new IllegalStateException("ERROR " + headers.getFirst("message")));
            }
        }).orTimeout(30, TimeUnit.SECONDS).join();
        session.setAutoReceipt(true);
        StompClient stomp = new StompClient(client, session, scheduler);
        stomp.connectedHeaders = connected.orTimeout(30, TimeUnit.SECONDS).join();
        failure.whenComplete((ex, t) -> stomp.failure.complete(ex));
        return stomp;
    }

    /** The headers of the server's CONNECTED frame. */
    public StompHeaders connectedHeaders() {
        return this.connectedHeaders;
    }

    public StompSession session() {
        return this.session;
    }

    /** Completes with the error when the server sends ERROR or the transport fails. */
    public CompletableFuture<Throwable> failure() {
        return this.failure;
    }

    /** Subscribes and waits until the server confirms the subscription exists. */
    public Subscription subscribe(String destination) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        return subscribe(headers);
    }

    /** Subscribes with the given STOMP headers and waits until the server confirms the subscription exists. */
    public Subscription subscribe(StompHeaders headers) {
        Subscription subscription = new Subscription();
        CompletableFuture<Void> receipt = new CompletableFuture<>();
        StompSession.Receiptable receiptable = this.session.subscribe(headers, subscription);
        receiptable.addReceiptTask(() -> receipt.complete(null));
        receiptable.addReceiptLostTask(() -> receipt.completeExceptionally(new IllegalStateException("no RECEIPT")));
        receipt.orTimeout(30, TimeUnit.SECONDS).join();
        return subscription;
    }

    /** Subscribes without waiting for the receipt. */
    public Subscription subscribeNoWait(String destination) {
        Subscription subscription = new Subscription();
        this.session.subscribe(destination, subscription);
        return subscription;
    }

    /** Subscribes with the given STOMP headers, without waiting for a receipt. */
    public Subscription subscribeNoWait(StompHeaders headers) {
        Subscription subscription = new Subscription();
        this.session.subscribe(headers, subscription);
        return subscription;
    }

    public void send(String destination, String json) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setContentType(org.springframework.util.MimeTypeUtils.APPLICATION_JSON);
        this.session.send(headers, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        if (this.session.isConnected()) {
            try {
                this.session.disconnect();
            }
            catch (RuntimeException ex) {
                // the server closed it first (after an ERROR frame); nothing to disconnect
            }
        }
        this.client.stop();
        this.scheduler.shutdown();
    }

    /** Passes JSON bodies through as bytes; the tests parse them themselves. */
    private static final class JsonBytesConverter extends AbstractMessageConverter {

        JsonBytesConverter() {
            super(MimeTypeUtils.APPLICATION_JSON);
        }

        @Override
        protected boolean supportsMimeType(MessageHeaders headers) {
            // ERROR frames are text/plain; everything else is JSON
            return true;
        }

        @Override
        protected boolean supports(Class<?> clazz) {
            return byte[].class == clazz;
        }

        @Override
        protected Object convertFromInternal(org.springframework.messaging.Message<?> message, Class<?> targetClass,
                Object conversionHint) {
            return message.getPayload();
        }

        @Override
        protected Object convertToInternal(Object payload, MessageHeaders headers, Object conversionHint) {
            return payload;
        }
    }

    /**
     * Messages of one subscription, parsed as JSON envelopes. The {@code subscribed} message a
     * session topic subscription starts with is kept apart (see {@link #subscribed()}) when it
     * comes first; anywhere else it is queued like any message, so a test sees it.
     */
    public static final class Subscription implements StompFrameHandler {

        private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();

        private final CompletableFuture<JsonNode> subscribed = new CompletableFuture<>();

        private boolean first = true;

        @Override
        public Type getPayloadType(StompHeaders headers) {
            return byte[].class;
        }

        @Override
        public void handleFrame(StompHeaders headers, Object payload) {
            JsonNode frame = JSON.readTree((byte[]) payload);
            boolean wasFirst = this.first;
            this.first = false;
            if (wasFirst && "subscribed".equals(frame.path("type").asString())) {
                this.subscribed.complete(frame);
                return;
            }
            this.frames.add(frame);
        }

        /** The {@code subscribed} message this subscription started with, waiting for it. */
        public JsonNode subscribed() {
            return this.subscribed.orTimeout(RawClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        }

        public JsonNode next() {
            return next(RawClient.TIMEOUT);
        }

        public JsonNode next(Duration timeout) {
            try {
                JsonNode frame = this.frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (frame == null) {
                    fail("No message within " + timeout);
                }
                return frame;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }

        public JsonNode nextOfType(String type) {
            long deadline = System.nanoTime() + RawClient.TIMEOUT.toNanos();
            for (;;) {
                JsonNode frame = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                if (type.equals(frame.path("type").asString())) {
                    return frame;
                }
            }
        }

        public JsonNode poll(Duration timeout) throws InterruptedException {
            return this.frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
