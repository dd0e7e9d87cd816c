package io.ghostide.realtime.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Signals to a run's processes: SIGKILL to every process of its uid or to a process tree, so
 * that none is left, and SIGINT to its program, as a terminal's Ctrl+C.
 */
final class ProcessSignals {

    private static final String KILL = Files.isExecutable(Path.of("/usr/bin/kill")) ? "/usr/bin/kill" : "/bin/kill";

    private static final java.util.Set<String> SANDBOX_COMMANDS = java.util.Set.of("bwrap", "unshare", "setpriv",
            "prlimit");

    private ProcessSignals() {
    }

    /**
     * Kills every process of {@code uid} until none is left. Safe only for a uid that belongs to
     * one run; a fork bomb racing the kills is bounded by its RLIMIT_NPROC, so this ends.
     *
     * @return how many processes were killed
     */
    static int killAllOf(int uid) {
        int killed = 0;
        for (int pass = 0; pass < 100; pass++) {
            List<ProcessHandle> left = ProcessTable.processesOf(uid);
            if (left.isEmpty()) {
                return killed;
            }
            for (ProcessHandle process : left) {
                if (process.destroyForcibly()) {
                    killed++;
                }
            }
            for (ProcessHandle process : left) {
                // a killed process leaves /proc once reaped; its parent (also killed) or init reaps it
                process.onExit().completeOnTimeout(process, 50, java.util.concurrent.TimeUnit.MILLISECONDS).join();
            }
        }
        return killed;
    }

    /** Kills a process and all it started, children first known before the parent dies and they are re-parented. */
    static void killTree(ProcessHandle root) {
        List<ProcessHandle> descendants = root.descendants().toList();
        root.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Sends SIGINT to the program a run started under {@code root} and to everything it started,
     * leaving out the sandbox's own processes, which would end the program at once.
     */
    static void interrupt(ProcessHandle root) {
        List<String> pids = new ArrayList<>();
        java.util.stream.Stream.concat(java.util.stream.Stream.of(root), root.descendants())
                .filter(process -> process.info().command().map(ProcessSignals::isProgram).orElse(true))
                .forEach(process -> pids.add(Long.toString(process.pid())));
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(KILL, "-INT"));
        command.addAll(pids);
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            // a process that ended meanwhile makes kill(1) exit 1: not an error
            kill.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot run " + KILL, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    // the wrappers between the server and a program: signalled, they would drop the program without a word
    private static boolean isProgram(String command) {
        String name = Path.of(command).getFileName().toString();
        return !SANDBOX_COMMANDS.contains(name);
    }
}
