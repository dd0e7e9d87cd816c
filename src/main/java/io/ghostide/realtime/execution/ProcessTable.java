package io.ghostide.realtime.execution;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * What {@code /proc} says about processes by uid: who the server runs as, which processes a
 * run's uid still has, and how to make sure none is left.
 */
final class ProcessTable {

    private static final Path PROC = Path.of("/proc");

    private static final String KILL = Files.isExecutable(Path.of("/usr/bin/kill")) ? "/usr/bin/kill" : "/bin/kill";

    private static final java.util.Set<String> SANDBOX_COMMANDS = java.util.Set.of("bwrap", "unshare", "setpriv",
            "prlimit");

    private ProcessTable() {
    }

    /** The effective uid of the server. */
    static int currentUid() {
        return uidOf(PROC.resolve("self")).orElseThrow(() -> new IllegalStateException("Cannot read /proc/self/status"));
    }

    /** The live processes (not zombies, which are dead and only wait to be reaped) whose real uid is {@code uid}. */
    static List<ProcessHandle> processesOf(int uid) {
        List<ProcessHandle> processes = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ProcessTable::isPid)) {
            for (Path entry : entries) {
                List<String> status = readStatus(entry);
                if (uid(status).orElse(-1) == uid && !isZombie(status)) {
                    ProcessHandle.of(Long.parseLong(entry.getFileName().toString())).ifPresent(processes::add);
                }
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot list /proc", ex);
        }
        return processes;
    }

    /** Threads of every process whose real uid is {@code uid}: what RLIMIT_NPROC counts. */
    static int tasksOf(int uid) {
        int tasks = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ProcessTable::isPid)) {
            for (Path entry : entries) {
                List<String> status = readStatus(entry);
                if (uid(status).orElse(-1) == uid) {
                    tasks += status.stream().filter(line -> line.startsWith("Threads:"))
                            .mapToInt(line -> Integer.parseInt(line.substring(8).trim())).findFirst().orElse(1);
                }
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot list /proc", ex);
        }
        return tasks;
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
            List<ProcessHandle> left = processesOf(uid);
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
                .filter(process -> process.info().command().map(ProcessTable::isProgram).orElse(true))
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

    private static boolean isPid(Path entry) {
        String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    private static boolean isZombie(List<String> status) {
        return status.stream().anyMatch(line -> line.startsWith("State:")
                && (line.contains("Z (zombie)") || line.contains("X (dead)")));
    }

    private static OptionalInt uidOf(Path processDirectory) {
        return uid(readStatus(processDirectory));
    }

    // "Uid:\treal\teffective\tsaved\tfs"; the real uid is what RLIMIT_NPROC and kill(2) look at
    private static OptionalInt uid(List<String> status) {
        for (String line : status) {
            if (line.startsWith("Uid:")) {
                String[] fields = line.substring(4).trim().split("\\s+");
                return OptionalInt.of(Integer.parseInt(fields[0]));
            }
        }
        return OptionalInt.empty();
    }

    private static List<String> readStatus(Path processDirectory) {
        try {
            return Files.readAllLines(processDirectory.resolve("status"));
        }
        catch (IOException ex) {
            // the process ended while we looked: not an error
            return List.of();
        }
    }
}
