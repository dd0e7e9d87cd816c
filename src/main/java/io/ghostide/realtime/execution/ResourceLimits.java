package io.ghostide.realtime.execution;

import java.util.ArrayList;
import java.util.List;

/**
 * The rlimits of one process of a run, applied with {@code prlimit} as the last step before the
 * program, inside the sandbox: so {@code RLIMIT_NPROC} counts the processes of the run's own user
 * namespace and not those of the server's uid.
 *
 * @param addressSpace RLIMIT_AS in bytes, 0 for none
 * @param cpuSeconds RLIMIT_CPU: the process gets SIGXCPU after this much CPU time, SIGKILL a second later
 * @param processes RLIMIT_NPROC
 * @param openFiles RLIMIT_NOFILE
 * @param fileSize RLIMIT_FSIZE in bytes
 */
record ResourceLimits(long addressSpace, long cpuSeconds, int processes, int openFiles, long fileSize) {

    static ResourceLimits forRun(ExecutionProperties properties, long addressSpace) {
        return new ResourceLimits(addressSpace, Math.max(1, properties.cpuTime().toSeconds()),
                properties.maxProcesses(), properties.maxOpenFiles(), properties.maxFileSize().toBytes());
    }

    ResourceLimits withAddressSpace(long bytes) {
        return new ResourceLimits(bytes, this.cpuSeconds, this.processes, this.openFiles, this.fileSize);
    }

    ResourceLimits withProcesses(int count) {
        return new ResourceLimits(this.addressSpace, this.cpuSeconds, count, this.openFiles, this.fileSize);
    }

    /**
     * The {@code prlimit} command that applies these limits to {@code command}. Values are plain
     * numbers of bytes: util-linux's prlimit reads {@code --as=512M} as 512 bytes.
     */
    List<String> wrap(String prlimit, List<String> command) {
        List<String> wrapped = new ArrayList<>(command.size() + 8);
        wrapped.add(prlimit);
        if (this.addressSpace > 0) {
            wrapped.add("--as=" + this.addressSpace);
        }
        // SIGXCPU at the soft limit says what happened; SIGKILL a second later if it is ignored
        wrapped.add("--cpu=" + this.cpuSeconds + ":" + (this.cpuSeconds + 1));
        wrapped.add("--nproc=" + this.processes);
        wrapped.add("--nofile=" + this.openFiles);
        wrapped.add("--fsize=" + this.fileSize);
        wrapped.add("--core=0");
        wrapped.add("--");
        wrapped.addAll(command);
        return wrapped;
    }
}
