package io.ghostide.realtime.cluster;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves Spring Boot's Redis auto-configuration out unless {@code ghostide.cluster.mode=redis}, so
 * that a {@code local} server creates no Redis client, makes no connection attempt and has no
 * Redis health check that would report it down.
 */
public class ClusterModeAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final String REDIS_AUTO_CONFIGURATION = "org.springframework.boot.data.redis.autoconfigure.";

    private boolean redis;

    @Override
    public void setEnvironment(Environment environment) {
        this.redis = "redis".equalsIgnoreCase(environment.getProperty("ghostide.cluster.mode", "local").trim());
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            String name = autoConfigurationClasses[i];
            matches[i] = this.redis || name == null || !name.startsWith(REDIS_AUTO_CONFIGURATION);
        }
        return matches;
    }
}
