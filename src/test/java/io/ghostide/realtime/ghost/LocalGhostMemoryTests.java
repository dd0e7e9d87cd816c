package io.ghostide.realtime.ghost;

/** Ghost's memory contract against the memory kept in this process ({@code local} mode). */
class LocalGhostMemoryTests extends GhostMemoryContractTests {

    @Override
    protected GhostSessions createSessions(GhostProperties properties) {
        return new GhostSessions(properties.historySize(), properties.maxSessions(), properties.maxMemory().toBytes());
    }

    @Override
    protected long heldBytes(GhostSessions sessions) {
        return sessions.heldBytes();
    }
}
