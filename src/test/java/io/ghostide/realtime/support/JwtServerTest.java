package io.ghostide.realtime.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application in {@code jwt} mode on a random port, its tokens signed with
 * {@link Tokens#SECRET} and the development token endpoint on; every test class so marked
 * shares one started context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.security.mode=jwt", "ghostide.security.jwt.hmac-secret=" + Tokens.SECRET,
        "ghostide.security.dev-token-endpoint=true" })
public @interface JwtServerTest {
}
