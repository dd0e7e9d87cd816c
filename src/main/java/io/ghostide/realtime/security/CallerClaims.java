package io.ghostide.realtime.security;

import java.util.List;

import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.identity.Role;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The claims this server reads from a token: {@code sub}, {@code sessions} (a list of ids and
 * {@code prefix*} patterns) and {@code role}; and {@code exp}, which must be there. A token
 * without them is refused like a badly signed one.
 */
final class CallerClaims implements OAuth2TokenValidator<Jwt> {

    static final String SESSIONS = "sessions";

    static final String ROLE = "role";

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            return invalid("The token has no 'sub' claim");
        }
        if (jwt.getExpiresAt() == null) {
            return invalid("The token has no 'exp' claim");
        }
        if (Role.fromClaim(jwt.getClaims().get(ROLE)) == null) {
            return invalid("The token's 'role' claim must be viewer, editor or admin");
        }
        if (!(jwt.getClaims().get(SESSIONS) instanceof List<?> sessions)
                || !sessions.stream().allMatch(String.class::isInstance)) {
            return invalid("The token's 'sessions' claim must be a list of session ids or patterns");
        }
        return OAuth2TokenValidatorResult.success();
    }

    /** The caller a validated token names. */
    static Caller callerOf(Jwt jwt) {
        Role role = Role.fromClaim(jwt.getClaims().get(ROLE));
        List<String> sessions = jwt.getClaimAsStringList(SESSIONS);
        return new Caller(jwt.getSubject(), role != null ? role : Role.VIEWER, sessions != null ? sessions : List.of(),
                jwt.getExpiresAt());
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
