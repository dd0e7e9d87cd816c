package io.ghostide.realtime.execution;

import java.time.Clock;

import io.ghostide.realtime.cluster.ClusterNode;
import io.ghostide.realtime.cluster.ClusterProperties;
import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Run control across instances, when {@code ghostide.cluster.mode=redis}: who runs what, and every run's transcript. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "redis")
class RedisRunControlConfiguration {

    @Bean
    RemoteRuns redisRemoteRuns(RedisConnections redis, RedisKeys keys, ClusterNode node, ClusterProperties cluster,
            RunControlProperties control, JsonMapper jsonMapper) {
        // an entry lives as long as an instance's report: a dead instance's runs drop out when it does
        return new RedisRemoteRuns(redis, keys, node.id(), cluster.heartbeat(), cluster.nodeTimeout(),
                control.forwardTimeout(), jsonMapper);
    }

    @Bean
    TranscriptStore redisTranscriptStore(RedisConnections redis, RedisKeys keys, RunControlProperties control,
            ExecutionProperties execution, Clock clock) {
        // a run lasts at most its timeout, then the stop grace and its teardown
        return new RedisTranscriptStore(redis, keys, control,
                execution.maxTimeout().plus(control.stopGrace()).plusSeconds(60), clock);
    }
}
