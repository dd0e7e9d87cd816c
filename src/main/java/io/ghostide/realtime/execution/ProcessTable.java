package io.ghostide.realtime.execution;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * What {@code /proc} says about processes by uid: who the server runs as, and which processes
 * and threads a run's uid still has.
 */
final class ProcessTable {

    private static final Path PROC = Path.of("/proc");

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
