package io.ghostide.realtime.execution;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Run control on one instance, when {@code ghostide.cluster.mode=local}: every run is here, and so is its transcript. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "local", matchIfMissing = true)
class LocalRunControlConfiguration {

    /** One instance: every run is here. */
    @Bean
    RemoteRuns localRemoteRuns() {
        return RemoteRuns.NONE;
    }

    @Bean
    TranscriptStore localTranscriptStore(RunControlProperties control, Clock clock) {
        return new LocalTranscriptStore(control, clock);
    }
}
