package io.ghostide.realtime.execution;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a server that is not root does with a run directory whose program took the server's rights
 * away, run in a JVM of its own under an unprivileged uid (root is never refused, so a test as
 * root would prove nothing). Prints one {@code key: value} line per fact for the test to check.
 * <p>
 * {@code run BASE}: a run writes behind {@code chmod('.', 0o300)} and a directory of mode 0; the
 * work-directory watch measures it and the run's deletion removes it. {@code sweep BASE}: the same
 * leftovers of a server that is gone are removed by the next server's start-up.
 */
final class UnprivilegedRunDirectories {

    private static final int MIB = 1024 * 1024;

    private UnprivilegedRunDirectories() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[1]);
        System.out.println("uid: " + ProcessTable.currentUid());
        if (args[0].equals("run")) {
            try (RunDirectories directories = new RunDirectories(base)) {
                Path run = directories.create("closed-run");
                closeAsAProgramWould(run);
                System.out.println("refused: " + refused(run));
                ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
                try (WorkDirectoryWatch watch = new WorkDirectoryWatch(run, MIB, () -> {
                }, scheduler, Runnable::run)) {
                    System.out.println("exceeded: " + watch.check());
                }
                finally {
                    scheduler.shutdownNow();
                }
                RunDirectories.delete(run);
                System.out.println("deleted: " + !Files.exists(run, LinkOption.NOFOLLOW_LINKS));
            }
        }
        else {
            String dead = "server-" + UUID.randomUUID();
            // a live file nobody locks: that server is gone
            Files.createFile(base.resolve(dead + ".live"));
            Path run = Files.createDirectories(base.resolve(dead).resolve("closed-run"));
            closeAsAProgramWould(run);
            System.out.println("refused: " + refused(run));
            new RunDirectories(base).close();
            System.out.println("swept: " + !Files.exists(base.resolve(dead), LinkOption.NOFOLLOW_LINKS));
        }
    }

    // 3 MiB behind modes the server has no rights through: the run directory 0300, a directory 0
    private static void closeAsAProgramWould(Path run) throws IOException {
        Files.write(run.resolve("big"), new byte[2 * MIB]);
        Path inner = Files.createDirectory(run.resolve("inner"));
        Files.write(inner.resolve("more"), new byte[MIB]);
        Files.setPosixFilePermissions(inner, PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("-wx------"));
    }

    // whether this uid really is refused a listing of the directory
    private static boolean refused(Path directory) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            return false;
        }
        catch (AccessDeniedException ex) {
            return true;
        }
    }
}
