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

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.fail;

/**
 * A STOMP client of {@code /stomp} on Spring's {@link WebSocketStompClient}, as a Java user
 * would write it. Subscriptions wait for the server's RECEIPT, so they are live on return.
 */
public final class StompClient implements AutoCloseable {

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
        return connect(port, "", new org.springframework.web.socket.WebSocketHttpHeaders(), new StompHeaders());
    }

    /**
     * Connects with a query on {@code /stomp} (such as {@code ?access_token=T}), headers on the
     * upgrade and headers on CONNECT, and waits for CONNECTED.
     */
    public static StompClient connect(int port, String query, org.springframework.web.socket.WebSocketHttpHeaders handshake,
            StompHeaders connectHeaders) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
        client.setMessageConverter(new JsonBytesConverter());
        client.setTaskScheduler(scheduler);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        CompletableFuture<StompHeaders> connected = new CompletableFuture<>();
        connectHeaders.setHeartbeat(new long[] { 10000, 10000 });
        StompSession session;
        try {
            session = client.connectAsync("ws://127.0.0.1:" + port + "/stomp" + query, handshake, connectHeaders,
                    new StompSessionHandlerAdapter() {
                @Override
                public void afterConnected(StompSession session, StompHeaders headers) {
                    connected.complete(headers);
                }

                @Override
                public void handleTransportError(StompSession session, Throwable exception) {
                    failure.complete(exception);
                    connected.completeExceptionally(exception);
                }

                @Override
                public Type getPayloadType(StompHeaders headers) {
                    return byte[].class;
                }

                @Override
                public void handleFrame(StompHeaders headers, Object payload) {
                    IllegalStateException error = new IllegalStateException("ERROR " + headers.getFirst("message"));
                    failure.complete(error);
                    connected.completeExceptionally(error);
                }
            }).orTimeout(30, TimeUnit.SECONDS).join();
        }
        catch (RuntimeException ex) {
            client.stop();
            scheduler.shutdown();
            // an ERROR frame before CONNECTED says more than the closed connection after it
            Throwable error = failure.getNow(null);
            throw error instanceof IllegalStateException ? new java.util.concurrent.CompletionException(error) : ex;
        }
        session.setAutoReceipt(true);
        StompClient stomp = new StompClient(client, session, scheduler);
        try {
            stomp.connectedHeaders = connected.orTimeout(30, TimeUnit.SECONDS).join();
        }
        catch (RuntimeException ex) {
            stomp.close();
            throw ex;
        }
        failure.whenComplete((ex, t) -> stomp.failure.complete(ex));
        return stomp;
    }

    /** Connects expecting a refusal: the ERROR frame's message, or the transport's failure. */
    public static String refusal(int port, String query, org.springframework.web.socket.WebSocketHttpHeaders handshake,
            StompHeaders connectHeaders) {
        try {
            StompClient client = connect(port, query, handshake, connectHeaders);
            client.close();
            throw new AssertionError("CONNECT was accepted");
        }
        catch (java.util.concurrent.CompletionException ex) {
            Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
            return String.valueOf(cause.getMessage()) + " " + (cause.getCause() != null ? cause.getCause().getMessage() : "");
        }
    }

    /** SUBSCRIBE headers for a session's topic with an optional resume point. */
    public static StompHeaders topic(String session, String since, String epoch) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination("/topic/session/" + session);
        if (since != null) {
            headers.set("since", since);
        }
        if (epoch != null) {
            headers.set("epoch", epoch);
        }
        return headers;
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
        return subscribe(destination, false);
    }

    /** Subscribes and waits for the receipt; {@code presence} keeps {@code presence_*} messages, which are dropped otherwise. */
    public Subscription subscribe(String destination, boolean presence) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        Subscription subscription = subscribe(headers, presence);
        return subscription;
    }

    /** Subscribes with the given STOMP headers and waits until the server confirms the subscription exists. */
    public Subscription subscribe(StompHeaders headers) {
        return subscribe(headers, false);
    }

    /** Subscribes with the given STOMP headers and waits for the receipt; {@code presence} keeps {@code presence_*} messages. */
    public Subscription subscribe(StompHeaders headers, boolean presence) {
        Subscription subscription = new Subscription();
        subscription.presence = presence;
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

        // presence_join and presence_leave are dropped unless asked for: most tests are about other messages
        private volatile boolean presence;

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
            if (this.presence || !frame.path("type").asString("").startsWith("presence_")) {
                this.frames.add(frame);
            }
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
