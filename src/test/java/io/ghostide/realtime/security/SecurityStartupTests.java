package io.ghostide.realtime.security;

import io.ghostide.realtime.GhostIdeRealtimeApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Misconfigurations that must stop the server before it listens: {@code none} mode on a
 * non-loopback address, and {@code jwt} mode without a key, with a short secret or with a
 * refresh warning under a second.
 */
class SecurityStartupTests {

    @Test
    void noneModeRefusesToStartOnEveryInterface() {
        assertThatThrownBy(() -> start("--server.address=0.0.0.0"))
                .rootCause().hasMessageContaining("ghostide.security.allow-remote-anonymous")
                .hasMessageContaining("0.0.0.0");
    }

    @Test
    void jwtModeRefusesToStartWithoutAKey() {
        assertThatThrownBy(() -> start("--ghostide.security.mode=jwt"))
                .rootCause().hasMessageContaining("ghostide.security.jwt.hmac-secret");
    }

    @Test
    void jwtModeRefusesAShortSecret() {
        assertThatThrownBy(() -> start("--ghostide.security.mode=jwt", "--ghostide.security.jwt.hmac-secret=short"))
                .rootCause().hasMessageContaining("at least 32 bytes");
    }

    @Test
    void jwtModeRefusesARefreshWarningUnderASecond() {
        assertThatThrownBy(() -> start("--ghostide.security.mode=jwt", "--ghostide.security.jwt.hmac-secret=" + "x".repeat(32),
                "--ghostide.security.jwt.refresh-warning=0s"))
                .hasStackTraceContaining("ghostide.security.jwt.refreshWarning")
                .hasStackTraceContaining("must be longer than or equal to 1 second");
    }

    private static void start(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--server.port=0";
        System.arraycopy(args, 0, all, 1, args.length);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(GhostIdeRealtimeApplication.class)
                .run(all)) {
            throw new AssertionError("started: " + context);
        }
    }
}
