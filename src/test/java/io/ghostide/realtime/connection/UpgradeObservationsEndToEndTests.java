package io.ghostide.realtime.connection;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerTest;
import io.ghostide.realtime.support.StompClient;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A WebSocket upgrade, of either transport, starts none of the observations of an HTTP request
 * (the server's, Spring Security's), which it would never stop and which an open connection
 * would keep; a plain request still starts both.
 */
@ServerTest
class UpgradeObservationsEndToEndTests {

    @LocalServerPort
    int port;

    @Autowired
    ObservationRegistry observations;

    @Test
    void upgradesAreObservedByNoRequestObservation() throws Exception {
        // "name upgrade|plain" of each observation started while recording, upgrades or not
        List<String> started = new CopyOnWriteArrayList<>();
        AtomicBoolean recording = new AtomicBoolean(true);
        this.observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return recording.get();
            }

            @Override
            public void onStart(Observation.Context context) {
                HttpServletRequest request = context instanceof ServerRequestObservationContext server
                        ? server.getCarrier()
                        : RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                                ? attributes.getRequest() : null;
                if (request != null) {
                    started.add(context.getName() + (WebSocketUpgrades.requested(request) ? " upgrade" : " plain"));
                }
            }
        });
        try (RawClient raw = RawClient.connect(this.port, "observed"); StompClient stomp = StompClient.connect(this.port)) {
            assertThat(Http.on(this.port).get("/ws/status").statusCode()).isEqualTo(200);
            await().until(() -> started.contains("http.server.requests plain")
                    && started.stream().anyMatch(entry -> entry.startsWith("spring.security.") && entry.endsWith(" plain")));
        }
        finally {
            recording.set(false);
        }
        assertThat(started).noneMatch(entry -> entry.endsWith(" upgrade"));
    }
}
