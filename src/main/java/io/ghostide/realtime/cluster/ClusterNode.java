package io.ghostide.realtime.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This instance's name among several: in {@code nodes} of the stats endpoints, in the metrics'
 * {@code node} tag and in the Redis keys of its heartbeat.
 *
 * @param id the node id, {@code ghostide.cluster.node-id} or the host name with a random suffix
 */
public record ClusterNode(String id) {

    static ClusterNode of(ClusterProperties properties) {
        if (!properties.nodeId().isBlank()) {
            return new ClusterNode(properties.nodeId().trim());
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException ex) {
            host = "node";
        }
        // two instances on one host (two ports) still get two names
        byte[] suffix = new byte[3];
        ThreadLocalRandom.current().nextBytes(suffix);
        return new ClusterNode(host + "-" + HexFormat.of().formatHex(suffix));
    }
}
