package io.ghostide.realtime.connection;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** The threads that keep connections alive ({@link ConnectionKeepAlive}) and clean up after them ({@link ManagedConnections}). */
@Configuration(proxyBeanMethods = false)
class ConnectionHousekeepingConfiguration {

    /**
     * Pings, idle and send-time checks, and the drop of sockets that never finish closing. It
     * takes tasks until the context is destroyed, so that connections closed on shutdown are
     * still dropped on time.
     */
    @Bean
    ThreadPoolTaskScheduler connectionHousekeepingScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(2);
        scheduler.setThreadNamePrefix("ws-housekeeping-");
        scheduler.setAcceptTasksAfterContextClose(true);
        return scheduler;
    }
}
