package io.ghostide.realtime.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application where one user may hold 32 connections to a session (every client of
 * these tests comes from one address; an attacker has many) and a run may print 32 MB. Every
 * test class so marked shares one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.connection.max-per-session-per-user=32", "ghostide.execution.max-output=32MB" })
public @interface ManyReadersServerTest {
}
