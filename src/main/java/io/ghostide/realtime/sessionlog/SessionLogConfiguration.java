package io.ghostide.realtime.sessionlog;

import io.ghostide.realtime.connection.ConnectionStats;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.TaskScheduler;

/**
 * The session log in this process, unless the application defines another {@link SessionLog}
 * (the shared one of {@code ghostide.cluster.mode=redis}). An auto-configuration, so it is
 * considered after every application bean and the condition is reliable.
 */
@AutoConfiguration
public class SessionLogConfiguration {

    @Bean
    @ConditionalOnMissingBean(SessionLog.class)
    InMemorySessionLog inMemorySessionLog(SessionLogListener listener, SessionLogProperties properties,
            ConnectionStats stats, @Lazy @Qualifier("messageBrokerTaskScheduler") TaskScheduler scheduler,
            MeterRegistry meterRegistry) {
        return new InMemorySessionLog(listener, properties, sessionId -> stats.connectionCount(sessionId) > 0,
                scheduler, meterRegistry, System::nanoTime);
    }
}
