package io.ghostide.realtime.connection;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import io.ghostide.realtime.connection.WebSocketProperties.Compression;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee11.websocket.server.JettyWebSocketCreator;
import org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketHandlerAdapter;
import org.springframework.web.socket.adapter.jetty.JettyWebSocketSession;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;

/**
 * Upgrades a request on Jetty as Spring's own Jetty strategy does, and decides the extensions
 * itself ({@code ghostide.websocket.compression}). Jetty accepts {@code permessage-deflate}
 * whenever a client offers it, and every browser does; Spring's Jetty path never filters the
 * offer, so the choice has to be made here, in the upgrade response.
 */
final class CompressionUpgradeStrategy implements RequestUpgradeStrategy {

    static final String PERMESSAGE_DEFLATE = "permessage-deflate";

    // without context takeover Jetty returns the deflater (about 256 KiB of zlib state with its
    // 15-bit window, which it cannot shrink) and the inflater to its pool after every message,
    // instead of holding both for the connection's lifetime
    static final String BOUNDED_DEFLATE = PERMESSAGE_DEFLATE + "; server_no_context_takeover; client_no_context_takeover";

    private final Compression compression;

    CompressionUpgradeStrategy(Compression compression) {
        this.compression = compression;
    }

    @Override
    public String[] getSupportedVersions() {
        return new String[] { "13" };
    }

    @Override
    public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
        return List.of();
    }

    @Override
    public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
            List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler handler,
            Map<String, Object> attributes) throws HandshakeFailureException {
        HttpServletRequest servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
        HttpServletResponse servletResponse = ((ServletServerHttpResponse) response).getServletResponse();
        JettyWebSocketHandlerAdapter adapter = new JettyWebSocketHandlerAdapter(handler,
                new JettyWebSocketSession(attributes, user));
        JettyWebSocketCreator creator = (upgradeRequest, upgradeResponse) -> {
            if (selectedProtocol != null) {
                upgradeResponse.setAcceptedSubProtocol(selectedProtocol);
            }
            upgradeResponse.setExtensions(negotiate(upgradeRequest.getExtensions()));
            return adapter;
        };
        if (this.compression == Compression.ON) {
            SharedDeflateRegistration.ensure(servletRequest.getServletContext());
        }
        JettyWebSocketServerContainer container = JettyWebSocketServerContainer
                .getContainer(servletRequest.getServletContext());
        try {
            container.upgrade(creator, servletRequest, servletResponse);
        }
        catch (Exception ex) {
            throw new HandshakeFailureException("Failed to upgrade", ex);
        }
    }

    /**
     * The extensions accepted of those offered: none, or {@code permessage-deflate} without
     * context takeover. An offer that asks to cap the server's window is declined, since the
     * JDK's deflater always uses the full 15 bits.
     */
    List<ExtensionConfig> negotiate(List<ExtensionConfig> offered) {
        boolean acceptable = offered.stream().anyMatch((e) -> PERMESSAGE_DEFLATE.equalsIgnoreCase(e.getName())
                && !e.getParameterKeys().contains("server_max_window_bits"));
        return (this.compression == Compression.ON && acceptable)
                ? List.of(ExtensionConfig.parse(BOUNDED_DEFLATE)) : List.of();
    }
}
