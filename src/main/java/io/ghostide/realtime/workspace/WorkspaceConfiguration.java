package io.ghostide.realtime.workspace;

import java.time.Clock;

import io.ghostide.realtime.hooks.HookPublisher;
import io.ghostide.realtime.messaging.MessageRouter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the session file store to the data directory of {@link WorkspaceProperties}. */
@Configuration(proxyBeanMethods = false)
class WorkspaceConfiguration {

    private static final Log logger = LogFactory.getLog(WorkspaceConfiguration.class);

    @Bean
    SessionFileNames sessionFileNames(WorkspaceProperties properties) {
        return new SessionFileNames(properties.maxNameLength());
    }

    @Bean
    SessionFileStore sessionFileStore(WorkspaceProperties properties, SessionFileNames names) {
        SessionFileStore store = new SessionFileStore(properties.dataDir(), names);
        logger.info("Session files are stored under " + store.sessionsRoot());
        return store;
    }

    @Bean
    SessionFileService sessionFileService(SessionFileStore store, SessionFileNames names,
            WorkspaceProperties properties, MessageRouter router, HookPublisher hooks, Clock clock) {
        WorkspaceQuota quota;
        try {
            quota = new WorkspaceQuota(properties, store.storedBytesBySession());
        }
        catch (java.io.IOException ex) {
            throw new IllegalStateException("Cannot read what ghostide.workspace.data-dir " + store.sessionsRoot()
                    + " holds: " + ex, ex);
        }
        logger.info(quota.sessionCount() + " session(s) hold " + quota.totalBytes() + " bytes of files");
        return new SessionFileService(store, names, properties, quota, router, hooks, clock);
    }
}
