package io.ghostide.realtime.presence;


import io.ghostide.realtime.connection.ConnectionLeftSession;
import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.connection.Transport;
import io.ghostide.realtime.identity.CallerHolder;
import io.ghostide.realtime.messaging.EnvelopeWriter;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.Payloads;
import io.ghostide.realtime.messaging.SessionSubscribed;
import io.ghostide.realtime.system.SharedStateUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@link PresenceStore} in step with the connection registry and tells each session
 * who joins and leaves. A join is published once the subscription exists, so the joiner hears
 * it too; a leave as soon as the registry forgets the connection, however it went.
 */
@Component
class PresenceTracker {

    private static final Log logger = LogFactory.getLog(PresenceTracker.class);

    /** The leave reason of a connection whose instance went away without telling. */
    static final String INSTANCE_LOST = "instance_lost";

    // a connection's join and leave never interleave: both hold the stripe of its id
    private final Object[] stripes = new Object[64];

    private final PresenceStore store;

    private final ConnectionRegistry registry;

    private final MessageRouter router;

    private final EnvelopeWriter writer;

    // ghostide.presence.announce=false keeps presence_join/leave off the session (the list still answers)
    private final boolean announce;

    PresenceTracker(PresenceStore store, ConnectionRegistry registry, MessageRouter router, EnvelopeWriter writer,
            @org.springframework.beans.factory.annotation.Value("${ghostide.presence.announce:true}") boolean announce) {
        this.announce = announce;
        this.store = store;
        this.registry = registry;
        this.router = router;
        this.writer = writer;
        for (int i = 0; i < this.stripes.length; i++) {
            this.stripes[i] = new Object();
        }
    }

    @EventListener
    void onSubscribed(SessionSubscribed event) {
        Transport transport = this.registry.transportOf(event.connectionId());
        if (transport == null) {
            return;
        }
        String user = CallerHolder.callerOf(event.user()).userFor(event.connectionId());
        PresenceEntry entry = new PresenceEntry(user, event.connectionId(), transport.tag(), this.writer.now());
        synchronized (stripe(event.connectionId())) {
            // the registry may have dropped the connection since it subscribed; then it is not present
            if (!this.registry.isInSession(event.connectionId(), event.sessionId()) || !add(event.sessionId(), entry)) {
                return;
            }
            if (this.announce) this.router.publish(event.sessionId(), MessageType.PRESENCE_JOIN,
                    new Payloads.PresenceJoin(user, entry.connectionId(), entry.transport(), entry.joinedAt()));
        }
    }

    @EventListener
    void onLeft(ConnectionLeftSession event) {
        synchronized (stripe(event.connectionId())) {
            PresenceEntry entry;
            try {
                entry = this.store.remove(event.sessionId(), event.connectionId());
            }
            catch (SharedStateUnavailableException ex) {
                // Redis away (redis mode): the store removes the entry once Redis answers again; the leave is not told
                logger.warn("Could not remove connection " + event.connectionId() + " from the presence of session "
                        + event.sessionId() + ": " + ex.getMessage());
                return;
            }
            if (entry != null) {
                announceLeave(event.sessionId(), entry, event.reason());
            }
        }
    }

    /** Tells a session that a connection of an instance that is gone has left; the store has removed it already. */
    void departed(String sessionId, PresenceEntry entry) {
        synchronized (stripe(entry.connectionId())) {
            announceLeave(sessionId, entry, INSTANCE_LOST);
        }
    }

    private void announceLeave(String sessionId, PresenceEntry entry, String reason) {
        if (!this.announce) {
            return;
        }
        try {
            this.router.publish(sessionId, MessageType.PRESENCE_LEAVE,
                    new Payloads.PresenceLeave(entry.user(), entry.connectionId(), reason));
        }
        catch (SharedStateUnavailableException ex) {
            // Redis away (redis mode): the entry is gone from the list, only its leave is not told
            logger.warn("Could not tell session " + sessionId + " that connection " + entry.connectionId()
                    + " left: " + ex.getMessage());
        }
    }

    /** Who is in a session: each user once, with its connections, in the order they joined. */
    Payloads.SessionPresence presence(String sessionId) {
        return new Payloads.SessionPresence(sessionId, PresenceEntry.byUser(this.store.entries(sessionId)));
    }

    private boolean add(String sessionId, PresenceEntry entry) {
        try {
            return this.store.add(sessionId, entry);
        }
        catch (SharedStateUnavailableException ex) {
            // Redis away (redis mode): the connection is served, only not listed as present
            logger.warn("Could not add connection " + entry.connectionId() + " to the presence of session " + sessionId
                    + ": " + ex.getMessage());
            return false;
        }
    }

    private Object stripe(String connectionId) {
        return this.stripes[Math.floorMod(connectionId.hashCode(), this.stripes.length)];
    }
}
