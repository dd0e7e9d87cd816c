package io.ghostide.realtime.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application with its session files in a folder of its own (new on every run) and
 * Ghost answering offline at once: a save reacted to after 1 s, every offline piece sent as its
 * own chunk, and Ghost's chat burst raised (these tests ask many questions from one address;
 * the rate limits have tests of their own). Every test class so marked shares one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.workspace.data-dir=${java.io.tmpdir}/ghostide-tests-${random.uuid}",
        "ghostide.ghost.reactions.on-save-debounce=1s", "ghostide.ghost.offline-chunk-delay=0ms",
        "ghostide.ghost.limits.chunk-interval=0ms", "ghostide.rate-limit.ghost-chat-burst=100" })
public @interface GhostFilesServerTest {
}
