package io.ghostide.realtime.snapshot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application for a session far busier than a user makes one: the whole history kept
 * (a million messages, 512 MB, 1 GB in all), the rate limits raised to 1000 frames and 100 runs a
 * second, and 100 connections a session, all of one user (every client here is one user on one
 * address). Every test class so marked shares one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.resume.history-size=1000000", "ghostide.resume.history-bytes=512MB",
        "ghostide.resume.total-history-bytes=1GB", "ghostide.rate-limit.overall-per-second=1000",
        "ghostide.rate-limit.overall-burst=1000", "ghostide.rate-limit.execute-code-per-second=100",
        "ghostide.rate-limit.execute-code-burst=100", "ghostide.connection.max-per-session=100",
        "ghostide.connection.max-per-session-per-user=100" })
@interface BusySessionServerTest {
}
