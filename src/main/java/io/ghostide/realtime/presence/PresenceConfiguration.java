package io.ghostide.realtime.presence;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Presence in this process, unless the application defines another {@link PresenceStore}
 * (a shared one for {@code ghostide.cluster.mode=redis}). An auto-configuration, so it is
 * considered after every application bean and the condition is reliable.
 */
@AutoConfiguration
public class PresenceConfiguration {

    @Bean
    @ConditionalOnMissingBean(PresenceStore.class)
    PresenceStore inMemoryPresenceStore() {
        return new InMemoryPresenceStore();
    }
}
