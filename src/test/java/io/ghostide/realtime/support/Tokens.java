package io.ghostide.realtime.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Mints HS256 tokens for tests with Nimbus, as an identity provider would. */
public final class Tokens {

    /** The secret the jwt-mode tests configure. */
    public static final String SECRET = "test-secret-of-at-least-thirty-two-bytes!";

    private Tokens() {
    }

    public static String token(String sub, String role, List<String> sessions, Instant expiresAt) {
        return sign(SECRET, sub, role, sessions, expiresAt);
    }

    /** A token valid for an hour. */
    public static String token(String sub, String role, String... sessions) {
        return token(sub, role, List.of(sessions), Instant.now().plusSeconds(3600));
    }

    public static String sign(String secret, String sub, String role, List<String> sessions, Instant expiresAt) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(sub).claim("role", role).claim("sessions", sessions)
                .issueTime(new Date()).expirationTime(Date.from(expiresAt)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
        return jwt.serialize();
    }
}
