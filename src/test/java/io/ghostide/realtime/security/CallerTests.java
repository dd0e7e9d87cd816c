package io.ghostide.realtime.security;

import java.time.Instant;
import java.util.List;

import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.identity.Permission;
import io.ghostide.realtime.identity.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The session patterns, the role mapping and the Host names, without a server. */
class CallerTests {

    @Test
    void sessionsCoverIdsPrefixesOrEverything() {
        Caller caller = new Caller("a", Role.EDITOR, List.of("s1", "team-*"), null);
        assertThat(caller.covers("s1")).isTrue();
        assertThat(caller.covers("s10")).isFalse();
        assertThat(caller.covers("team-")).isTrue();
        assertThat(caller.covers("team-blue")).isTrue();
        assertThat(caller.covers("teams")).isFalse();
        assertThat(new Caller("a", Role.VIEWER, List.of("*"), null).covers("anything")).isTrue();
        assertThat(Caller.NOBODY.covers("s1")).isFalse();
        // the contract's admin reaches every session's endpoints
        assertThat(new Caller("root", Role.ADMIN, List.of(), null).covers("s1")).isTrue();
    }

    @Test
    void rolesGrantWhatTheContractSays() {
        assertThat(Permission.values()).filteredOn(Role.VIEWER::grants).containsExactly(Permission.READ_SESSION);
        assertThat(Permission.values()).filteredOn(Role.EDITOR::grants).containsExactly(Permission.READ_SESSION,
                Permission.RUN_CODE, Permission.CHAT, Permission.WRITE_FILES);
        assertThat(Permission.values()).filteredOn(Role.ADMIN::grants).containsExactly(Permission.values());
        assertThat(Role.fromClaim("editor")).isEqualTo(Role.EDITOR);
        assertThat(Role.fromClaim("EDITOR")).isNull();
        assertThat(Role.fromClaim(42)).isNull();
    }

    @Test
    void expiryIsExact() {
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        Caller caller = new Caller("a", Role.VIEWER, List.of("*"), at);
        assertThat(caller.expired(at.minusMillis(1))).isFalse();
        assertThat(caller.expired(at)).isTrue();
    }

    @Test
    void namesAreChecked() {
        assertThat(Caller.isValidName("alice")).isTrue();
        assertThat(Caller.isValidName("Alice Smith")).isTrue();
        assertThat(Caller.isValidName(" alice")).isFalse();
        assertThat(Caller.isValidName("<b>")).isFalse();
        assertThat(Caller.isValidName("x".repeat(65))).isFalse();
        assertThat(Caller.anonymous(null).userFor("c1")).isEqualTo("anonymous-c1");
    }

    @Test
    void hostNamesAreLoopbackOnlyWhenTheyAre() {
        AllowedHostnames hostnames = new AllowedHostnames(List.of("IDE.internal"));
        assertThat(hostnames.test("[::1]")).isTrue();
        assertThat(hostnames.test("LocalHost")).isTrue();
        assertThat(hostnames.test("ide.INTERNAL")).isTrue();
        assertThat(hostnames.test("evil.example")).isFalse();
        assertThat(AllowedHostnames.isLoopback("::1")).isTrue();
        assertThat(AllowedHostnames.isLoopback("127.255.0.1")).isTrue();
        assertThat(AllowedHostnames.isLoopback("a.localhost")).isTrue();
        assertThat(AllowedHostnames.isLoopback("localhost.evil.example")).isFalse();
        assertThat(AllowedHostnames.isLoopback("127.0.0.1.nip.io")).isFalse();
        assertThat(AllowedHostnames.isLoopback("0.0.0.0")).isFalse();
    }
}
