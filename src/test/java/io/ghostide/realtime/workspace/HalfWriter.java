package io.ghostide.realtime.workspace;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * Run in a child JVM by {@link LocalSessionFileStoreTests}: starts replacing a file, writes half of the
 * new content, says so on stdout, and waits to be killed.
 */
final class HalfWriter {

    static final String HALFWAY = "HALFWAY";

    private HalfWriter() {
    }

    public static void main(String[] args) throws Exception {
        LocalSessionFileStore store = LocalSessionFileStoreTests.store(Path.of(args[0]));
        store.writeAtomically(store.pathOf(args[1], args[2]), out -> {
            out.write(new byte[64 * 1024]);
            out.flush();
            System.out.println(HALFWAY);
            System.out.flush();
            try {
                new CountDownLatch(1).await();
            }
            catch (InterruptedException ex) {
                throw new java.io.InterruptedIOException();
            }
        }, Instant.now());
    }
}
