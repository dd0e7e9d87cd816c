package io.ghostide.realtime.connection;

import io.ghostide.realtime.support.ServerInstance;

/** For tests of other features: makes an instance stop reporting its connections, as one that was killed does. */
public final class ClusterReports {

    private ClusterReports() {
    }

    /** Stops the instance's heartbeat without leaving the cluster; its report expires after the node timeout. */
    public static void halt(ServerInstance instance) {
        instance.context().getBean(RedisClusterStats.class).halt();
    }
}
