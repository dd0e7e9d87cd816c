package io.ghostide.realtime.execution;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.jspecify.annotations.Nullable;

/**
 * The isolation every run goes through, chosen once at startup: every signal gets its default
 * action ({@link DefaultSignals}); then the first step drops privileges (to a uid of the run's
 * own when the server is root) and arranges that the run dies with the server; then the layer's
 * isolation; then the run's rlimits; then the program.
 * <pre>
 * env --default-signal --
 * setpriv [--reuid=U --regid=U --clear-groups] --pdeathsig KILL --no-new-privs --
 *   &lt;layer: bwrap … | unshare … | setsid&gt; --
 *     prlimit --as … --cpu … --nproc … --nofile … --fsize … --core=0 --
 *       &lt;program&gt;
 * </pre>
 */
final class Sandbox {

    private final IsolationLayer layer;

    private final Path setpriv;

    private final Path prlimit;

    private final @Nullable UidPool uids;

    private final @Nullable String refusal;

    private final List<String> rejected;

    /**
     * @param uids the uid pool when the server runs as root, else null
     * @param refusal why runs are refused, or null when they may run
     * @param rejected the layers that did not work here, with the reason, for the startup log
     */
    Sandbox(IsolationLayer layer, Path setpriv, Path prlimit, @Nullable UidPool uids, @Nullable String refusal,
            List<String> rejected) {
        this.layer = layer;
        this.setpriv = setpriv;
        this.prlimit = prlimit;
        this.uids = uids;
        this.refusal = refusal;
        this.rejected = List.copyOf(rejected);
    }

    IsolationLayer layer() {
        return this.layer;
    }

    /** Whether code may run at all. */
    boolean enabled() {
        return this.refusal == null;
    }

    /** Why runs are refused; null when they are not. */
    @Nullable String refusal() {
        return this.refusal;
    }

    /** The layers tried before this one, with why each did not work. */
    List<String> rejected() {
        return this.rejected;
    }

    /** Whether each run gets a uid of its own (the server runs as root). */
    boolean dropsPrivileges() {
        return this.uids != null;
    }

    @Nullable UidPool uids() {
        return this.uids;
    }

    /** A uid for a run, when the server runs as root; close it when the run's processes are gone. */
    UidPool.@Nullable Lease leaseUid() {
        return this.uids == null ? null : this.uids.acquire();
    }

    /**
     * The whole command line of one process of a run.
     *
     * @param uid the run's uid when the server is root
     */
    List<String> command(Path workDirectory, Map<String, String> environment, List<String> program,
            ResourceLimits limits, OptionalInt uid) {
        ResourceLimits effective = limits;
        if (!this.layer.isolated() && uid.isEmpty()) {
            // no user namespace and no uid of its own: RLIMIT_NPROC counts every task of the server's uid
            effective = limits.withProcesses(limits.processes() + ProcessTable.tasksOf(ProcessTable.currentUid()));
        }
        List<String> inner = effective.wrap(this.prlimit.toString(), program);
        List<String> line = new ArrayList<>(DefaultSignals.prefix());
        line.add(this.setpriv.toString());
        uid.ifPresent(id -> line.addAll(List.of("--reuid=" + id, "--regid=" + id, "--clear-groups")));
        line.addAll(List.of("--pdeathsig", "KILL", "--no-new-privs", "--"));
        line.addAll(this.layer.wrap(workDirectory, environment, inner));
        return line;
    }
}
