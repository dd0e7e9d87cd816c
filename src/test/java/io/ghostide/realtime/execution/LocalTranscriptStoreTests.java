package io.ghostide.realtime.execution;

import java.time.Clock;

/** The transcript store contract against the transcripts kept in this process ({@code local} mode). */
class LocalTranscriptStoreTests extends TranscriptStoreContractTests {

    @Override
    protected TranscriptStore createStore(RunControlProperties properties) {
        return new LocalTranscriptStore(properties, Clock.systemUTC());
    }

    @Override
    protected int bytesPerCharacter() {
        return 2;
    }
}
