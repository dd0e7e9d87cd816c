package io.ghostide.realtime.identity;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

/** A principal that knows its {@link Caller}: a connection's principal or an authenticated request's. */
public interface CallerHolder {

    Caller caller();

    /** The caller behind a principal; {@link Caller#NOBODY} when there is none or it is unknown. */
    static Caller callerOf(@Nullable Principal principal) {
        return principal instanceof CallerHolder holder ? holder.caller() : Caller.NOBODY;
    }
}
