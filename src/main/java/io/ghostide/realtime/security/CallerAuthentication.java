package io.ghostide.realtime.security;

import java.util.List;

import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.identity.CallerHolder;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated request or frame, as Spring Security sees it: a {@link Caller}. */
final class CallerAuthentication extends AbstractAuthenticationToken implements CallerHolder {

    private final Caller caller;

    CallerAuthentication(Caller caller) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + caller.role().name())));
        this.caller = caller;
        setAuthenticated(true);
    }

    @Override
    public Caller caller() {
        return this.caller;
    }

    @Override
    public Object getPrincipal() {
        return this.caller;
    }

    @Override
    public Object getCredentials() {
        // the token itself is never kept
        return "";
    }

    @Override
    public String getName() {
        return this.caller.user() != null ? this.caller.user() : "anonymous";
    }
}
