package io.ghostide.realtime.connection;

import jakarta.servlet.ServletContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.WebSocketExtensionRegistry;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;

/**
 * Puts {@link SharedDeflateExtension} in the place of Jetty's {@code permessage-deflate} in the
 * context's extension registry, before the first upgrade that may accept compression. The
 * extension extends a Jetty implementation class ({@code core.internal.PerMessageDeflateExtension})
 * and its outgoing queue: whether both are there, as this build expects, is checked once, and
 * without them Jetty's own extension stays, deflating every message per connection.
 */
final class SharedDeflateRegistration {

    private static final Log logger = LogFactory.getLog(SharedDeflateRegistration.class);

    /** Whether the extension links against this Jetty. */
    static final boolean AVAILABLE = linkable();

    private SharedDeflateRegistration() {
    }

    private static boolean linkable() {
        try {
            // as Jetty's registry makes one, from outside this package
            Class.forName("io.ghostide.realtime.connection.SharedDeflateExtension").getConstructor().newInstance();
            logger.info("A message published to many compressing connections is deflated once for all of them");
            return true;
        }
        catch (ReflectiveOperationException | LinkageError ex) {
            logger.info("Jetty's permessage-deflate has changed (" + ex + "); every connection deflates its own messages");
            return false;
        }
    }

    /** Registers the extension in the context's registry, unless it is there already. */
    static void ensure(ServletContext context) {
        if (AVAILABLE && context.getAttribute(
                WebSocketServerComponents.WEBSOCKET_COMPONENTS_ATTRIBUTE) instanceof WebSocketComponents components) {
            register(components.getExtensionRegistry());
        }
    }

    // a separate method, linked only when the check above found the extension linkable
    private static void register(WebSocketExtensionRegistry registry) {
        if (registry.getExtension(CompressionUpgradeStrategy.PERMESSAGE_DEFLATE) != SharedDeflateExtension.class) {
            synchronized (registry) {
                // replacing a present key's value: an upgrade reading it meanwhile sees one class or the other
                registry.register(CompressionUpgradeStrategy.PERMESSAGE_DEFLATE, SharedDeflateExtension.class);
            }
        }
    }
}
