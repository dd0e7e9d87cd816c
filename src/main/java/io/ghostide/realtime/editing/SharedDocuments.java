package io.ghostide.realtime.editing;

import java.io.IOException;
import java.util.List;

import io.ghostide.realtime.messaging.ClientCommands;
import io.ghostide.realtime.messaging.Payloads;
import org.jspecify.annotations.Nullable;

/**
 * The authority over a session's documents: in this process ({@link DocumentAuthority}) or in
 * Redis, shared by every instance ({@link RedisDocumentAuthority}).
 */
interface SharedDocuments {

    /** The {@code client_id} of updates the server makes (a save, a delete); no editor may push with it. */
    String SERVER_CLIENT_ID = "server";

    /** The document's text and version, with the session's {@code seq} they agree with. */
    Payloads.DocState open(String sessionId, String fileName) throws IOException;

    /**
     * Takes the updates when {@code version} is the document's current one and publishes them as
     * {@code doc_update}; otherwise takes nothing.
     *
     * @return null when taken, else the refusal to send the pusher
     * @throws InvalidChangeException when an update does not fit, or makes the file too large; nothing is taken
     */
    Payloads.@Nullable DocRejected push(String sessionId, String fileName, long version,
            List<ClientCommands.DocPushUpdate> updates, String user) throws IOException;
}
