package io.ghostide.realtime.connection;

import java.time.Instant;
import java.util.List;

import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.identity.CallerHolder;
import io.ghostide.realtime.identity.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** A connection's principal takes a refreshed caller of its own user, and no one else's. */
class ConnectionPrincipalTests {

    private static final Caller EDITOR = new Caller("ann", Role.EDITOR, List.of("s1"), Instant.parse("2026-12-06T22:00:00Z"));

    @Test
    void aCallerOfTheSameUserReplacesTheOneEveryReaderSees() {
        ConnectionPrincipal principal = new ConnectionPrincipal("c1", EDITOR);
        Caller viewer = new Caller("ann", Role.VIEWER, List.of("s2"), Instant.parse("2026-12-06T23:00:00Z"));
        principal.replaceCaller(viewer);
        assertThat(CallerHolder.callerOf(principal)).isSameAs(viewer);
        assertThat(principal.getName()).isEqualTo("c1");
    }

    @Test
    void aCallerOfAnotherUserIsRefusedHarmlessly() {
        ConnectionPrincipal principal = new ConnectionPrincipal("c1", EDITOR);
        assertThatIllegalArgumentException().isThrownBy(() -> principal.replaceCaller(
                new Caller("mallory", Role.ADMIN, List.of("*"), Instant.parse("2026-12-06T23:00:00Z"))));
        assertThatIllegalArgumentException().isThrownBy(() -> principal.replaceCaller(Caller.NOBODY));
        assertThat(principal.caller()).isSameAs(EDITOR);
    }
}
