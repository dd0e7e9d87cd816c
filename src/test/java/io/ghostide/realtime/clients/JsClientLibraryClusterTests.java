package io.ghostide.realtime.clients;

import java.io.IOException;
import java.util.Map;

import io.ghostide.realtime.support.TwoInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.ghostide.realtime.clients.NodeTestRunner.runNodeTests;

/**
 * The JavaScript client library's shared documents against a cluster: its Node tests in
 * {@code clients/js/test-cluster/} edit one file through two instances in {@code redis} mode on
 * one real {@code redis-server} ({@code GHOSTIDE_URL} and {@code GHOSTIDE_URL_B}), with the
 * default limits, so the editors push as fast as the {@code doc_push} bucket allows.
 */
class JsClientLibraryClusterTests {

    @RegisterExtension
    static final TwoInstances cluster = TwoInstances.of("jsdocs");

    /** Every Node test of the library's cluster editing passes against the two instances. */
    @Test
    void theLibrarysClusterTestsPassAgainstTwoInstancesOnOneRedis() throws IOException, InterruptedException {
        runNodeTests("test-cluster/", Map.of("GHOSTIDE_URL", "http://127.0.0.1:" + cluster.a().port(),
                "GHOSTIDE_URL_B", "http://127.0.0.1:" + cluster.b().port()));
    }
}
