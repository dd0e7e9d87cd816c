package io.ghostide.realtime.workspace;

import java.time.Clock;

import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.ghostide.realtime.hooks.HookPublisher;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.system.JsonInputLimit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses where session files are kept: under the data directory of {@link WorkspaceProperties}
 * ({@code ghostide.cluster.mode=local}, the default) or in Redis, shared by every instance
 * ({@code redis}). The limits are the same either way.
 */
@Configuration(proxyBeanMethods = false)
class WorkspaceConfiguration {

    private static final Log logger = LogFactory.getLog(WorkspaceConfiguration.class);

    /**
     * A file's content, the longest string the server takes in JSON. No path: the files
     * endpoint reads its body itself, with a bound of its own ({@code SessionFilesController}).
     */
    @Bean
    static JsonInputLimit workspaceFileContent(WorkspaceProperties properties) {
        long file = properties.maxFileSize().toBytes();
        return JsonInputLimit.forText(null, file, file, "ghostide.workspace.max-file-size");
    }

    @Bean
    SessionFileNames sessionFileNames(WorkspaceProperties properties) {
        return new SessionFileNames(properties.maxNameLength());
    }

    @Bean
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "local", matchIfMissing = true)
    SessionFileStore localSessionFileStore(WorkspaceProperties properties, SessionFileNames names) {
        LocalSessionFileStore store = new LocalSessionFileStore(properties, names);
        logger.info(store.describe());
        return store;
    }

    @Bean
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "redis")
    SessionFileStore redisSessionFileStore(RedisConnections redis, RedisKeys keys, WorkspaceProperties properties,
            SessionFileNames names) {
        return new RedisSessionFileStore(redis, keys, properties, names);
    }

    @Bean
    SessionFileService sessionFileService(SessionFileStore store, SessionFileNames names,
            WorkspaceProperties properties, MessageRouter router, HookPublisher hooks, ApplicationEventPublisher events,
            Clock clock, SessionDocuments documents) {
        return new SessionFileService(store, names, properties, router, hooks, events, clock, documents);
    }

    @Bean
    DocumentStorage documentStorage(SessionFileStore store, SessionFileNames names, WorkspaceProperties properties,
            MessageRouter router, ApplicationEventPublisher events, Clock clock) {
        return new DocumentStorage(store, names, properties, router, events, clock);
    }
}
