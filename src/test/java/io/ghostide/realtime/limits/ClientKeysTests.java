package io.ghostide.realtime.limits;

import java.time.Instant;
import java.util.List;

import io.ghostide.realtime.connection.ConnectionPrincipal;
import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.identity.Role;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ClientKeysTests {

    @Test
    void aNameAnAnonymousClientGaveItselfDoesNotBuyItAShareOfItsOwn() {
        MockHttpServletRequest alice = request("127.0.0.1", Caller.anonymous("alice"));
        MockHttpServletRequest bob = request("127.0.0.1", Caller.anonymous("bob"));
        assertThat(ClientKeys.of(alice)).isEqualTo(ClientKeys.of(bob)).isEqualTo("address:loopback");
    }

    @Test
    void aTokensUserIsCountedByItsSubjectWhateverTheAddress() {
        Caller fromToken = new Caller("carol", Role.EDITOR, List.of("*"), Instant.now().plusSeconds(60));
        assertThat(ClientKeys.of(request("127.0.0.1", fromToken))).isEqualTo("user:carol");
        assertThat(ClientKeys.of(request("127.0.0.2", fromToken))).isEqualTo("user:carol");
    }

    @Test
    void noPrincipalIsCountedByAddress() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("192.0.2.7");
        assertThat(ClientKeys.of(request)).isEqualTo("address:192.0.2.7");
    }

    /** A local client binds any of 127.0.0.0/8 (or ::1); each is the same one client, not a new share. */
    @Test
    void everyLoopbackAddressIsOneClient() throws Exception {
        for (String loopback : List.of("127.0.0.1", "127.0.0.2", "127.1.2.3", "::1")) {
            MockHttpServletRequest request = new MockHttpServletRequest();
            request.setRemoteAddr(loopback);
            assertThat(ClientKeys.of(request)).as(loopback).isEqualTo("address:loopback");
            assertThat(ClientKeys.of(null, new java.net.InetSocketAddress(java.net.InetAddress.getByName(loopback), 4000)))
                    .as(loopback).isEqualTo("address:loopback");
        }
    }

    private static MockHttpServletRequest request(String address, Caller caller) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(address);
        request.setUserPrincipal(new ConnectionPrincipal("c1", caller));
        return request;
    }
}
