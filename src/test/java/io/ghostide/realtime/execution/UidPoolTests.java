package io.ghostide.realtime.execution;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class UidPoolTests {

    @TempDir
    Path temp;

    @Test
    void serversWithDifferentRunDirectoriesNeverLeaseTheSameUid() throws Exception {
        assumeTrue(ProcessTable.currentUid() == 0, "uids are leased only when the server runs as root");
        // the pools of two servers on one host, whatever their run directories (two suites side by side)
        UidPool first = UidPool.onThisHost(65000, 4);
        UidPool second = UidPool.onThisHost(65000, 4);
        Set<Integer> leased = new HashSet<>();
        try (UidPool.Lease a = first.acquire(); UidPool.Lease b = second.acquire();
                UidPool.Lease c = first.acquire(); UidPool.Lease d = second.acquire()) {
            for (UidPool.Lease lease : new UidPool.Lease[] { a, b, c, d }) {
                assertThat(leased.add(lease.uid())).as("uid %s leased twice", lease.uid()).isTrue();
                assertThat(lease.file()).startsWith(UidPool.HOST_LOCK_DIRECTORY);
            }
            assertThatIllegalStateException().isThrownBy(second::acquire).withMessageContaining("uid-count");
        }
        assertThat(Files.getPosixFilePermissions(UidPool.HOST_LOCK_DIRECTORY, LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aLockDirectoryThatIsALinkIsRefused() throws Exception {
        Path target = Files.createDirectory(this.temp.resolve("target"));
        Path link = Files.createSymbolicLink(this.temp.resolve("locks"), target);
        assertThatIllegalStateException().isThrownBy(() -> UidPool.ownDirectory(link))
                .withMessageContaining("not a directory");
    }

    @Test
    void aLockDirectorySomeoneElseMadeIsRefused() throws Exception {
        assumeTrue(ProcessTable.currentUid() == 0, "only root can make a directory that belongs to someone else");
        Path planted = Files.createDirectory(this.temp.resolve("planted"));
        Files.setAttribute(planted, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
        assertThatIllegalStateException().isThrownBy(() -> UidPool.ownDirectory(planted))
                .withMessageContaining("belongs to uid 65534");
    }

    @Test
    void aMissingLockDirectoryIsMadePrivate() throws Exception {
        Path made = UidPool.ownDirectory(this.temp.resolve("made"));
        assertThat(Files.getPosixFilePermissions(made)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }
}
