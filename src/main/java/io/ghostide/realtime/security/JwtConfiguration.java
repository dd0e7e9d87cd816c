package io.ghostide.realtime.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.StringUtils;

/**
 * The {@link JwtDecoder} of {@code jwt} mode: HS256 with {@code ghostide.security.jwt.hmac-secret},
 * or the keys at {@code jwk-set-uri}; {@code exp} with no leeway, {@code iss} when configured,
 * and the claims of {@link CallerClaims}. A missing or short secret fails startup.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ghostide.security.mode", havingValue = "jwt")
class JwtConfiguration {

    static final int MIN_SECRET_BYTES = 32;

    @Bean
    JwtDecoder jwtDecoder(SecurityProperties properties) {
        SecurityProperties.Jwt jwt = properties.jwt();
        NimbusJwtDecoder decoder;
        if (StringUtils.hasText(jwt.hmacSecret())) {
            decoder = NimbusJwtDecoder.withSecretKey(secretKey(jwt.hmacSecret())).macAlgorithm(MacAlgorithm.HS256).build();
        }
        else if (jwt.jwkSetUri() != null) {
            decoder = NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri().toString()).build();
        }
        else {
            throw new IllegalStateException("ghostide.security.mode=jwt needs ghostide.security.jwt.hmac-secret (at least "
                    + MIN_SECRET_BYTES + " bytes) or ghostide.security.jwt.jwk-set-uri");
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        // a token is over at its exp, the moment open connections are closed too
        validators.add(new JwtTimestampValidator(Duration.ZERO));
        if (StringUtils.hasText(jwt.issuer())) {
            validators.add(new JwtIssuerValidator(jwt.issuer()));
        }
        validators.add(new CallerClaims());
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    /** The HS256 key of a configured secret; refuses one shorter than 32 bytes. */
    static SecretKeySpec secretKey(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("ghostide.security.jwt.hmac-secret must be at least " + MIN_SECRET_BYTES
                    + " bytes (it has " + bytes.length + ")");
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }
}
