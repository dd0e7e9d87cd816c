package io.ghostide.realtime.connection;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How WebSocket connections of both transports are negotiated and accepted, under {@code ghostide.websocket}.
 *
 * @param compression whether {@code permessage-deflate} is accepted when a client offers it
 * @param allowedOrigins browser origins (patterns such as {@code https://*.example.com}) allowed to
 *        open WebSockets and call the REST API from a page, besides the server's own; empty means
 *        same origin only
 */
@Validated
@ConfigurationProperties("ghostide.websocket")
public record WebSocketProperties(@DefaultValue("off") @NotNull Compression compression,
        @DefaultValue List<String> allowedOrigins) {

    /** {@code ghostide.websocket.compression}: {@code off} or {@code on}. */
    public enum Compression {

        /** The offer is declined: every message goes out as it is. */
        OFF,

        /**
         * The offer is accepted without context takeover in either direction, so a connection
         * holds a deflater or an inflater only while it compresses or inflates one message.
         */
        ON
    }
}
