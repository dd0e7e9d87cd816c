package io.ghostide.realtime.editing;

import java.io.IOException;

import io.ghostide.realtime.cluster.ClusterProperties;
import io.ghostide.realtime.messaging.CommandRejectedException;
import io.ghostide.realtime.workspace.DocumentStorage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** What the editing commands refuse alike: a name that is no file name, a store that failed. */
final class DocCommands {

    private static final Log logger = LogFactory.getLog(DocCommands.class);

    private DocCommands() {
    }

    /** The authority lives in one process; several instances would each take a push for the same version. */
    static void requireOneInstance(ClusterProperties cluster) {
        if (cluster.redis()) {
            throw new CommandRejectedException(501, "Not implemented", "Shared editing is not available with "
                    + "ghostide.cluster.mode=redis yet: its authority lives in one process");
        }
    }

    static void requireFileName(DocumentStorage storage, String fileName) {
        String problem = storage.problemWith(fileName);
        if (problem != null) {
            throw new CommandRejectedException(400, "Invalid file name", problem);
        }
    }

    static CommandRejectedException storageFailed(IOException ex) {
        logger.error("Could not read a document from the session files", ex);
        return new CommandRejectedException(500, "Storage failure",
                "The document could not be read: " + ex.getClass().getSimpleName());
    }
}
