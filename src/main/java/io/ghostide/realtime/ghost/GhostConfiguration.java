package io.ghostide.realtime.ghost;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.ghostide.realtime.cluster.SharedLeases;
import io.ghostide.realtime.limits.ClientBucketSource;
import io.ghostide.realtime.ghost.advice.ErrorAdvisor;
import io.ghostide.realtime.messaging.ClientCommands;
import io.ghostide.realtime.system.JsonInputLimit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ghost's wiring, all of it set by {@link GhostProperties}: its threads, the largest question
 * body, the provider, the sessions of the cluster mode, the responder and the hook listener.
 */
@Configuration(proxyBeanMethods = false)
class GhostConfiguration {

    private static final Log logger = LogFactory.getLog(GhostConfiguration.class);

    /**
     * Ghost's own threads: where answers start, offline answers stream, timeouts and the
     * {@code on_save} debounce fire. It keeps taking tasks until the context is destroyed, as
     * answers in flight may still end while connections are being told goodbye.
     */
    @Bean
    ThreadPoolTaskScheduler ghostTaskScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(2);
        scheduler.setThreadNamePrefix("ghost-");
        scheduler.setDaemon(true);
        // timers are cancelled far more often than they fire
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setAcceptTasksAfterContextClose(true);
        return scheduler;
    }

    /** A question's body: its message and its context ({@code ghostide.ghost.max-context-size}). */
    @Bean
    static JsonInputLimit ghostChatBody(GhostProperties properties) {
        long context = properties.maxContextSize().toBytes();
        int message = ClientCommands.GhostChat.MAX_MESSAGE_CHARS;
        return JsonInputLimit.forText("/api/v1/ghost/chat/{sessionId}", context + message, Math.max(context, message),
                "ghostide.ghost.max-context-size");
    }

    @Bean
    GhostProvider ghostProvider(GhostProperties properties, ThreadPoolTaskScheduler ghostTaskScheduler,
            JsonMapper jsonMapper) {
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
        return new OfflineGhostProvider(advisor, ghostTaskScheduler.getScheduledExecutor(), properties.offlineChunkDelay());
    }

    /** Ghost's memory of sessions in this process ({@code ghostide.cluster.mode=local}). */
    @Bean
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "local", matchIfMissing = true)
    GhostSessions localGhostSessions(GhostProperties properties, ThreadPoolTaskScheduler ghostTaskScheduler) {
        return ghostSessions(new GhostSessions(properties.historySize(), properties.maxSessions(),
                properties.maxMemory().toBytes()), properties,
                ghostTaskScheduler);
    }

    /** Ghost's memory of sessions shared by every instance through Redis ({@code redis}). */
    @Bean
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "redis")
    GhostSessions redisGhostSessions(GhostProperties properties, ThreadPoolTaskScheduler ghostTaskScheduler,
            RedisConnections redis, RedisKeys keys, JsonMapper jsonMapper, ClientBucketSource buckets) {
        // a session's reactions are budgeted once for every instance: its runs may be on any
        return ghostSessions(new GhostSessions(new RedisGhostMemory(redis, keys, jsonMapper, properties),
                properties.maxSessions(), properties.maxMemory().toBytes(),
                new ReactionBudgets((sessionId, limit) -> buckets.bucket("ghost-reactions:" + sessionId, limit))),
                properties, ghostTaskScheduler);
    }

    private static GhostSessions ghostSessions(GhostSessions sessions, GhostProperties properties,
            ThreadPoolTaskScheduler ghostTaskScheduler) {
        Duration idle = properties.sessionIdleTimeout();
        long period = Math.max(1000, Math.min(idle.toMillis() / 4, Duration.ofMinutes(5).toMillis()));
        ghostTaskScheduler.scheduleWithFixedDelay(() -> sessions.evictIdle(idle), Duration.ofMillis(period));
        return sessions;
    }

    @Bean
    GhostResponder ghostResponder(GhostProvider provider, GhostChannel channel, GhostSessions sessions,
            GhostProperties properties, ThreadPoolTaskScheduler ghostTaskScheduler, Clock clock, SharedLeases calls) {
        return new GhostResponder(provider, channel, sessions, properties, ghostTaskScheduler.getScheduledExecutor(), clock,
                calls);
    }

    @Bean
    GhostHookListener ghostHookListener(GhostResponder responder, GhostProperties properties,
            ThreadPoolTaskScheduler ghostTaskScheduler) {
        return new GhostHookListener(responder, properties, ghostTaskScheduler.getScheduledExecutor());
    }
}
