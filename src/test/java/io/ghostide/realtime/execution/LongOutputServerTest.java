package io.ghostide.realtime.execution;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application where a run may print 16 MB and a transcript page holds 100 events, so
 * that a long run's transcript takes many pages; the history keeps its defaults. Every test
 * class so marked shares one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.execution.max-output=16MB", "ghostide.execution.transcript-page=100" })
@interface LongOutputServerTest {
}
