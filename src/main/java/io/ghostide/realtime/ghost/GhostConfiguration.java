package io.ghostide.realtime.ghost;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Picks Ghost's provider from {@link GhostProperties} and wires the responder and its listeners. */
@Configuration(proxyBeanMethods = false)
class GhostConfiguration {

    private static final Log logger = LogFactory.getLog(GhostConfiguration.class);

    @Bean
    GhostScheduler ghostScheduler() {
        return new GhostScheduler(2);
    }

    @Bean
    GhostProvider ghostProvider(GhostProperties properties, GhostScheduler scheduler, JsonMapper jsonMapper) {
        ErrorAdvisor advisor = new ErrorAdvisor();
        if (properties.provider() == GhostProperties.Provider.OPENAI) {
            if (properties.model().isBlank()) {
                throw new IllegalStateException("ghostide.ghost.provider is openai but ghostide.ghost.model is empty; "
                        + "name the model to use, such as gpt-4o-mini or llama3.2");
            }
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(properties.connectTimeout())
                    // one request per connection; a cancelled answer closes its connection and the server stops
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider(properties, client, jsonMapper,
                    new ChatPromptRenderer(advisor));
            OpenAiCompatibleProvider.logStartup(properties, provider.endpoint());
            return provider;
        }
        logger.info("Ghost answers offline (ghostide.ghost.provider=offline)");
        return new OfflineGhostProvider(advisor, scheduler.executor(), properties.offlineChunkDelay());
    }

    @Bean
    GhostSessions ghostSessions(GhostProperties properties, GhostScheduler scheduler) {
        GhostSessions sessions = new GhostSessions(properties.historySize());
        Duration idle = properties.sessionIdleTimeout();
        long period = Math.max(1000, Math.min(idle.toMillis() / 4, Duration.ofMinutes(5).toMillis()));
        scheduler.executor().scheduleWithFixedDelay(() -> sessions.evictIdle(idle), period, period, TimeUnit.MILLISECONDS);
        return sessions;
    }

    @Bean
    GhostResponder ghostResponder(GhostProvider provider, GhostChannel channel, GhostSessions sessions,
            GhostProperties properties, GhostScheduler scheduler, Clock clock) {
        return new GhostResponder(provider, channel, sessions, properties, scheduler.executor(), clock);
    }

    @Bean
    GhostHookListener ghostHookListener(GhostResponder responder, GhostProperties properties, GhostScheduler scheduler) {
        return new GhostHookListener(responder, properties, scheduler);
    }
}
