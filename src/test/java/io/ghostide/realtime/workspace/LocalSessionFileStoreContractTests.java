package io.ghostide.realtime.workspace;

/** The file store contract against the local disk store. */
class LocalSessionFileStoreContractTests extends SessionFileStoreContractTests {

    @Override
    protected SessionFileStore createStore(WorkspaceProperties properties) {
        return new LocalSessionFileStore(properties, new SessionFileNames(128));
    }
}
