package io.ghostide.realtime.execution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The toolchain of each language on this host, found once at startup. A language whose
 * toolchain is missing stays listed, as unavailable, with the reason.
 */
final class ToolchainRegistry {

    private static final Log logger = LogFactory.getLog(ToolchainRegistry.class);

    private final Map<Language, Toolchain> toolchains = new EnumMap<>(Language.class);

    // language -> first line of "--version", found on first request
    private final Map<Language, String> versions = new ConcurrentHashMap<>();

    ToolchainRegistry(ExecutionProperties properties) {
        for (Language language : Language.values()) {
            this.toolchains.put(language, detect(language, properties.executables().get(language.id())));
        }
    }

    Toolchain toolchain(Language language) {
        return this.toolchains.get(language);
    }

    Collection<Toolchain> all() {
        return this.toolchains.values();
    }

    /** The first line the toolchain prints about its version, or "" if it cannot tell. */
    String version(Language language) {
        Toolchain toolchain = toolchain(language);
        if (!toolchain.available()) {
            return "";
        }
        return this.versions.computeIfAbsent(language, l -> askVersion(toolchain));
    }

    static Toolchain detect(Language language, @Nullable Path configured) {
        List<Path> candidates = configured != null ? List.of(configured)
                : language.candidates().stream().map(Path::of).toList();
        Path found = candidates.stream().filter(HostTools::isExecutable).findFirst().orElse(null);
        if (found == null) {
            return Toolchain.missing(language, "not installed: none of " + candidates + " is an executable file");
        }
        Path real;
        try {
            real = found.toRealPath();
        }
        catch (IOException ex) {
            return Toolchain.missing(language, "cannot resolve " + found + ": " + ex.getMessage());
        }
        Set<Path> readOnly = new LinkedHashSet<>();
        addInstallRoot(readOnly, real);
        switch (language) {
            case JAVA -> {
                // the source launcher needs the compiler module of a JDK, which comes with javac
                if (!HostTools.isExecutable(real.resolveSibling("javac"))) {
                    return Toolchain.missing(language, "a JDK is needed to run a source file, but there is no javac beside " + real);
                }
                // Debian keeps parts of the JDK's configuration in /etc and links them from JAVA_HOME
                Path javaHome = real.getParent().getParent();
                addLinkTargets(readOnly, javaHome.resolve("conf"));
                addLinkTargets(readOnly, javaHome.resolve("lib").resolve("security"));
            }
            case C, CPP -> {
                for (String tool : List.of("as", "ld")) {
                    if (HostTools.find(tool).isEmpty() && !HostTools.isExecutable(real.resolveSibling(tool))) {
                        return Toolchain.missing(language, real.getFileName() + " is installed but the assembler or linker ("
                                + tool + ") is not: install binutils");
                    }
                }
            }
            default -> {
            }
        }
        return new Toolchain(language, real, found.equals(real) ? real.toString() : found + " -> " + real,
                List.copyOf(readOnly));
    }

    // a toolchain outside /usr (such as /opt/node/bin/node) needs its whole installation in the sandbox
    private static void addInstallRoot(Set<Path> readOnly, Path executable) {
        if (executable.startsWith("/usr")) {
            return;
        }
        Path directory = executable.getParent();
        if (directory.getFileName() != null && directory.getFileName().toString().equals("bin")
                && directory.getParent() != null && directory.getParent().getParent() != null) {
            directory = directory.getParent();
        }
        readOnly.add(directory);
    }

    private static void addLinkTargets(Set<Path> readOnly, Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(directory, 3)) {
            for (Path entry : entries.filter(Files::isSymbolicLink).toList()) {
                try {
                    Path target = entry.toRealPath();
                    if (!target.startsWith("/usr")) {
                        Path parent = Files.isDirectory(target) ? target : target.getParent();
                        if (readOnly.stream().noneMatch(parent::startsWith)) {
                            readOnly.removeIf(path -> path.startsWith(parent));
                            readOnly.add(parent);
                        }
                    }
                }
                catch (IOException ex) {
                    // a dangling link of the JDK's configuration: nothing to mount
                }
            }
        }
        catch (IOException ex) {
            logger.debug("Could not list " + directory, ex);
        }
    }

    private static String askVersion(Toolchain toolchain) {
        List<String> command = new ArrayList<>();
        command.add(toolchain.requireExecutable().toString());
        command.add(toolchain.language() == Language.JAVA ? "-version" : "--version");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readNBytes(4096);
            }
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "";
            }
            String text = new String(output, StandardCharsets.UTF_8).strip();
            int newline = text.indexOf('\n');
            return newline < 0 ? text : text.substring(0, newline).strip();
        }
        catch (IOException ex) {
            return "";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
