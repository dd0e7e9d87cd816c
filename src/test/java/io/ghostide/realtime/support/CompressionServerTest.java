package io.ghostide.realtime.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application on a random port with {@code ghostide.websocket.compression=on}, frames
 * up to 512 KB (so that a document push can exceed the largest outgoing frame), its own data
 * directory and no reactions to saves (so that what a session hears is only what a test sends):
 * every test class so marked shares one started context through Spring's test context cache.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.websocket.compression=on", "ghostide.connection.max-frame-size=512KB",
        "ghostide.workspace.data-dir=${java.io.tmpdir}/ghostide-tests-${random.uuid}",
        "ghostide.ghost.reactions.on-save=false" })
public @interface CompressionServerTest {
}
