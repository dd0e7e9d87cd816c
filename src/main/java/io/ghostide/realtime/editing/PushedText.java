package io.ghostide.realtime.editing;

import java.util.ArrayList;
import java.util.List;

import io.ghostide.realtime.messaging.ClientCommands;
import io.ghostide.realtime.messaging.Payloads;

/**
 * A push applied to a document's text: the text after all its updates, and the updates as the
 * {@code doc_update} carries them.
 */
record PushedText(String text, List<Payloads.DocChange> changes) {

    /**
     * Applies every update to {@code text} in turn.
     *
     * @throws InvalidChangeException when an update does not fit, or the text becomes larger than {@code maxBytes}
     */
    static PushedText apply(String text, List<ClientCommands.DocPushUpdate> updates, long maxBytes) {
        String result = text;
        List<Payloads.DocChange> taken = new ArrayList<>(updates.size());
        for (ClientCommands.DocPushUpdate update : updates) {
            // a UTF-16 code unit is at least one UTF-8 byte: more characters than bytes allowed is too large already
            ChangeSet changes = ChangeSet.parse(update.changes(), result.length(), maxBytes);
            result = changes.apply(result);
            taken.add(new Payloads.DocChange(changes.toJson(), update.clientId()));
        }
        long bytes = SharedDocument.utf8Length(result);
        if (bytes < 0) {
            throw InvalidChangeException.splitCharacter();
        }
        if (bytes > maxBytes) {
            throw InvalidChangeException.tooLargeBytes(bytes, maxBytes);
        }
        return new PushedText(result, List.copyOf(taken));
    }
}
