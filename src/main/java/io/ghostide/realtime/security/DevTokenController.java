package io.ghostide.realtime.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.ghostide.realtime.identity.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /dev/token}: mints a token signed with the configured HMAC secret, for trying
 * {@code jwt} mode out. It exists only with {@code ghostide.security.dev-token-endpoint=true}
 * in {@code jwt} mode, and like every path answers loopback names only while bound to loopback.
 * Anyone who can reach it can mint an admin token: never turn it on where others can connect.
 */
@RestController
@ConditionalOnBooleanProperty("ghostide.security.dev-token-endpoint")
@ConditionalOnProperty(name = "ghostide.security.mode", havingValue = "jwt")
class DevTokenController {

    static final String PATH = "/dev/token";

    private static final Log logger = LogFactory.getLog(DevTokenController.class);

    /** What to mint; every field has a default. */
    record TokenRequest(@Nullable @Size(min = 1, max = 128) String sub,
            @Nullable @Pattern(regexp = "viewer|editor|admin") String role,
            @Nullable @Size(max = 64) List<@Pattern(regexp = "\\*|[A-Za-z0-9_-]{1,64}\\*?") String> sessions,
            @Nullable @Min(1) @Max(86400) Integer ttlSeconds) {
    }

    /** The token and when it expires. */
    record TokenResponse(String token, Instant expiresAt, String sub, String role, List<String> sessions) {
    }

    private final JwtEncoder encoder;

    private final @Nullable String issuer;

    DevTokenController(SecurityProperties properties) {
        String secret = properties.jwt().hmacSecret();
        if (!StringUtils.hasText(secret)) {
            throw new IllegalStateException("ghostide.security.dev-token-endpoint=true needs"
                    + " ghostide.security.jwt.hmac-secret: the endpoint signs with it");
        }
        this.encoder = NimbusJwtEncoder.withSecretKey(JwtConfiguration.secretKey(secret)).algorithm(MacAlgorithm.HS256)
                .build();
        this.issuer = properties.jwt().issuer();
        logger.warn("POST " + PATH + " mints tokens for anyone who can reach it"
                + " (ghostide.security.dev-token-endpoint=true); for development only");
    }

    @PostMapping(PATH)
    TokenResponse mint(@Valid @RequestBody(required = false) @Nullable TokenRequest request) {
        TokenRequest given = request != null ? request : new TokenRequest(null, null, null, null);
        String sub = given.sub() != null ? given.sub() : "developer";
        String role = given.role() != null ? given.role() : Role.EDITOR.claimValue();
        List<String> sessions = given.sessions() != null ? given.sessions() : List.of("*");
        Instant now = Instant.now();
        Instant expiresAt = now.plus(Duration.ofSeconds(given.ttlSeconds() != null ? given.ttlSeconds() : 3600));
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder().subject(sub).issuedAt(now).expiresAt(expiresAt)
                .claim(CallerClaims.ROLE, role).claim(CallerClaims.SESSIONS, sessions);
        if (StringUtils.hasText(this.issuer)) {
            claims.issuer(this.issuer);
        }
        String token = this.encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).type("JWT").build(),
                claims.build())).getTokenValue();
        return new TokenResponse(token, expiresAt, sub, role, sessions);
    }
}
