package io.ghostide.realtime.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may connect and what they may do, under {@code ghostide.security}.
 *
 * @param mode {@code none} (anonymous clients may do everything; loopback only unless allowed) or {@code jwt}
 * @param allowRemoteAnonymous whether {@code none} mode may serve a non-loopback address (behind an authenticating proxy)
 * @param jwt where tokens' keys come from, in {@code jwt} mode
 * @param allowedHosts {@code Host} names accepted besides the loopback names and addresses
 * @param devTokenEndpoint whether {@code POST /dev/token} mints tokens (jwt mode with an HMAC secret only); never in production
 */
@Validated
@ConfigurationProperties("ghostide.security")
public record SecurityProperties(
        @DefaultValue("none") @NotNull Mode mode,
        @DefaultValue("false") boolean allowRemoteAnonymous,
        @DefaultValue @Valid Jwt jwt,
        @DefaultValue List<String> allowedHosts,
        @DefaultValue("false") boolean devTokenEndpoint) {

    /** {@code ghostide.security.mode}. */
    public enum Mode { NONE, JWT }

    /**
     * Token verification in {@code jwt} mode: an HMAC secret (HS256) or a JWK set URI.
     *
     * @param hmacSecret the shared HS256 secret, at least 32 bytes
     * @param jwkSetUri where the public keys of asymmetric tokens are published
     * @param issuer the {@code iss} every token must carry; unchecked when empty
     * @param refreshWarning how long before a connection's token expires it is sent {@code token_expiring}
     */
    public record Jwt(@Nullable String hmacSecret, @Nullable URI jwkSetUri, @Nullable String issuer,
            @DefaultValue("60s") @NotNull @DurationMin(seconds = 1) Duration refreshWarning) {
    }
}
