package io.ghostide.realtime.execution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.execution.ExecutionProperties.Isolation;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the sandbox at startup by trying each layer for real: a layer counts as working when
 * a trivial command run through it, with the privilege drop and the rlimits of a run, prints
 * what it should. bubblewrap comes first, then {@code unshare}; with neither, runs are refused
 * unless the operator allowed unsandboxed runs.
 */
final class SandboxSelector {

    private static final String PROBE_OUTPUT = "ghostide-sandbox-ok";

    private static final long PROBE_TIMEOUT_SECONDS = 15;

    private SandboxSelector() {
    }

    static Sandbox select(ExecutionProperties properties, RunDirectories directories, ToolchainRegistry toolchains) {
        Optional<Path> setpriv = HostTools.find("setpriv");
        Optional<Path> prlimit = HostTools.find("prlimit");
        Optional<Path> setsid = HostTools.find("setsid");
        Optional<Path> shell = HostTools.find("sh");
        if (setpriv.isEmpty() || prlimit.isEmpty() || setsid.isEmpty() || shell.isEmpty()) {
            String refusal = "Code execution is refused: util-linux's setpriv, prlimit and setsid and a /bin/sh are"
                    + " needed to run code with limits, and are not all installed";
            return new Sandbox(new UnsandboxedLayer(Path.of("/usr/bin/setsid")), Path.of("/usr/bin/setpriv"),
                    Path.of("/usr/bin/prlimit"), null, refusal, List.of());
        }
        for (Path path : properties.readOnlyPaths()) {
            if (!path.isAbsolute() || !java.nio.file.Files.exists(path)) {
                throw new IllegalStateException("ghostide.execution.read-only-paths names " + path
                        + ", which is not an absolute path that exists");
            }
        }
        UidPool uids = ProcessTable.currentUid() == 0
                ? UidPool.onThisHost(properties.uidBase(), properties.uidCount()) : null;
        Set<Path> readOnly = new LinkedHashSet<>(properties.readOnlyPaths());
        toolchains.all().forEach(toolchain -> readOnly.addAll(toolchain.readOnlyPaths()));
        long tmpSize = properties.tmpSize().toBytes();
        long shmSize = properties.shmSize().toBytes();

        List<String> rejected = new ArrayList<>();
        Isolation wanted = properties.isolation();
        List<Isolation> candidates = switch (wanted) {
            case AUTO -> List.of(Isolation.BWRAP, Isolation.UNSHARE);
            case BWRAP, UNSHARE -> List.of(wanted);
            case NONE -> List.of();
        };
        for (Isolation candidate : candidates) {
            IsolationLayer layer = switch (candidate) {
                case BWRAP -> HostTools.find("bwrap").map(bwrap -> new BubblewrapLayer(bwrap, tmpSize, shmSize,
                        List.copyOf(readOnly)))
                        .orElse(null);
                case UNSHARE -> HostTools.find("unshare").map(unshare -> new NamespaceLayer(unshare, setsid.get(),
                        setpriv.get(), shell.get(), tmpSize, shmSize, NamespaceLayer.defaultHidden())).orElse(null);
                default -> throw new IllegalStateException("Not a sandbox layer: " + candidate);
            };
            String name = candidate.name().toLowerCase(java.util.Locale.ROOT);
            String failure = layer == null ? name + " is not installed"
                    : probe(new Sandbox(layer, setpriv.get(), prlimit.get(), uids, null, List.of()), properties, directories);
            if (failure == null) {
                return new Sandbox(layer, setpriv.get(), prlimit.get(), uids, null, rejected);
            }
            rejected.add(name + ": " + failure);
            if (wanted != Isolation.AUTO) {
                throw new IllegalStateException("ghostide.execution.isolation is " + name
                        + ", but that sandbox does not work here: " + failure);
            }
        }

        IsolationLayer none = new UnsandboxedLayer(setsid.get());
        String failure = probe(new Sandbox(none, setpriv.get(), prlimit.get(), uids, null, List.of()), properties,
                directories);
        String refusal;
        if (failure != null) {
            refusal = "Code execution is refused: even an unsandboxed run fails here: " + failure;
        }
        else if (properties.allowUnsandboxed()) {
            refusal = null;
        }
        else if (wanted == Isolation.NONE) {
            refusal = "Code execution is refused: ghostide.execution.isolation is none, which runs code without"
                    + " isolation; that also needs ghostide.execution.allow-unsandboxed=true";
        }
        else {
            refusal = "Code execution is refused: no sandbox works on this host (" + String.join("; ", rejected)
                    + "). Install bubblewrap, or set ghostide.execution.allow-unsandboxed=true to run code"
                    + " without isolation (unsafe)";
        }
        return new Sandbox(none, setpriv.get(), prlimit.get(), uids, refusal, rejected);
    }

    /** Runs a trivial command through the sandbox; null if it worked, else what went wrong. */
    static @Nullable String probe(Sandbox sandbox, ExecutionProperties properties, RunDirectories directories) {
        try (UidPool.Lease lease = sandbox.leaseUid()) {
            OptionalInt uid = lease == null ? OptionalInt.empty() : OptionalInt.of(lease.uid());
            Path directory = directories.create("probe-" + UUID.randomUUID());
            try {
                RunDirectories.handOver(directory, uid);
                List<String> command = sandbox.command(directory,
                        Map.of("PATH", "/usr/bin:/bin", "HOME", sandbox.layer().workDirectoryInside(directory)),
                        List.of("/bin/sh", "-c", "echo " + PROBE_OUTPUT),
                        ResourceLimits.forRun(properties, properties.memory().toBytes()), uid);
                ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
                builder.environment().clear();
                builder.environment().put("PATH", "/usr/bin:/bin");
                Process process = builder.start();
                process.getOutputStream().close();
                CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
                if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    ProcessSignals.killTree(process.toHandle());
                    return "the probe did not end within " + PROBE_TIMEOUT_SECONDS + " s";
                }
                String text = output.get(5, TimeUnit.SECONDS).strip();
                if (process.exitValue() != 0 || !text.equals(PROBE_OUTPUT)) {
                    return "the probe exited with " + process.exitValue() + ": " + abbreviate(text);
                }
                return null;
            }
            finally {
                uid.ifPresent(ProcessSignals::killAllOf);
                RunDirectories.delete(directory);
            }
        }
        catch (Exception ex) {
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "the probe could not run: " + ex;
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readNBytes(8192), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            return "";
        }
    }

    private static String abbreviate(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }
}
