package io.ghostide.realtime.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application in {@code jwt} mode, its tokens signed with {@link Tokens#SECRET}, the
 * refresh warning 2 s before a token expires (so that short tokens are refreshed within a test),
 * one run slot (so that a test can keep a run waiting for its start) and the run rate limit
 * raised (the rate limits have tests of their own). Every test class so marked shares one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.security.mode=jwt", "ghostide.security.jwt.hmac-secret=" + Tokens.SECRET,
        "ghostide.security.jwt.refresh-warning=2s", "ghostide.execution.max-concurrent=1",
        "ghostide.rate-limit.execute-code-per-second=1000", "ghostide.rate-limit.execute-code-burst=1000" })
public @interface JwtRefreshServerTest {
}
