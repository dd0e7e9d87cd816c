package io.ghostide.realtime.editing;

import java.io.IOException;

import io.ghostide.realtime.messaging.CommandRejectedException;
import io.ghostide.realtime.workspace.DocumentStorage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** What the editing commands refuse alike: a name that is no file name, a store that failed. */
final class DocCommands {

    private static final Log logger = LogFactory.getLog(DocCommands.class);

    private DocCommands() {
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
