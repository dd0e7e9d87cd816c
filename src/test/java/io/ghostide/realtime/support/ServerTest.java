package io.ghostide.realtime.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application with its default settings on a random port, but for a request's
 * headers, which must arrive within 2 s rather than 10 (so that the slowloris test is short; a
 * real client sends them at once): every test class so marked shares one started context
 * through Spring's test context cache.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ghostide.connection.request-header-timeout=2s")
public @interface ServerTest {
}
