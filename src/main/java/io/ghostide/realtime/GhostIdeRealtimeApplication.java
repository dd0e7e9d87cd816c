package io.ghostide.realtime;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the GhostIDE realtime server. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GhostIdeRealtimeApplication {

    public static void main(String[] args) {
        SpringApplication.run(GhostIdeRealtimeApplication.class, args);
    }
}
