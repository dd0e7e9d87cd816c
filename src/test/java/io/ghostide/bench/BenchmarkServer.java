package io.ghostide.bench;

import io.ghostide.realtime.GhostIdeRealtimeApplication;
import org.springframework.boot.SpringApplication;

/**
 * The application as the benchmark runs it: the production configuration plus
 * {@link BenchmarkPublisher}. {@code bench/run} starts it from the production jar with these
 * classes on the loader path:
 * {@code java -Dloader.path=target/bench-classes -Dloader.main=io.ghostide.bench.BenchmarkServer
 * -cp target/ghostide-realtime-*.jar org.springframework.boot.loader.launch.PropertiesLauncher}.
 */
public final class BenchmarkServer {

    private BenchmarkServer() {
    }

    public static void main(String[] args) {
        SpringApplication.run(new Class<?>[] { GhostIdeRealtimeApplication.class, BenchmarkPublisher.class }, args);
    }
}
