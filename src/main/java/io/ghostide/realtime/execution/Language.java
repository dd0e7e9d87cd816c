package io.ghostide.realtime.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The languages a run may be written in: where their toolchain usually lives, what the source
 * file is called, and the commands that compile and run it. The commands are what runs inside
 * the sandbox; rlimits and isolation are added around them by {@link Sandbox}.
 */
enum Language {

    PYTHON("python", "Python", false, List.of("/usr/bin/python3", "/usr/local/bin/python3"), "py"),
    JAVASCRIPT("javascript", "JavaScript (Node.js)", false,
            List.of("/usr/bin/node", "/usr/local/bin/node", "/usr/bin/nodejs"), "js", "node"),
    // compiled in memory by the source launcher, or by javac when the file's first class is not its public one
    JAVA("java", "Java", true, List.of("/usr/bin/java", "/usr/local/bin/java")),
    C("c", "C", true, List.of("/usr/bin/gcc", "/usr/local/bin/gcc", "/usr/bin/cc")),
    CPP("cpp", "C++", true, List.of("/usr/bin/g++", "/usr/local/bin/g++", "/usr/bin/c++"), "c++");

    // a JVM that starts quickly and stays small: one GC thread, C1 only, no shared perf file
    private static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=192m", "-XX:CompressedClassSpaceSize=64m",
            "-XX:-UsePerfData", "-XX:ActiveProcessorCount=1", "-Xshare:auto");

    /** The compiled program of C and C++, in the working directory. */
    static final String BINARY = "main";

    /** What the Java source launcher prints when the source does not compile. */
    static final String JAVA_COMPILATION_FAILED = "error: compilation failed";

    // a public top-level type; its name is the file's name, as javac wants it
    private static final Pattern JAVA_PUBLIC_TYPE = Pattern.compile(
            "(?m)^\\s*public\\s+(?:(?:final|abstract|strictfp|sealed|non-sealed)\\s+)*(?:class|record|enum|"
                    + "interface)\\s+([A-Za-z_$][A-Za-z0-9_$]*)");

    // the first type declared; the source launcher runs the first top-level type of the file
    private static final Pattern JAVA_FIRST_TYPE = Pattern.compile(
            "(?m)^\\s*(?:(?:public|final|abstract|strictfp|sealed|non-sealed|static)\\s+)*(?:class|record|enum|"
                    + "interface)\\s+([A-Za-z_$][A-Za-z0-9_$]*)");

    private static final Pattern JAVA_COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

    // an ES module: node runs it only from a .mjs file
    private static final Pattern ES_MODULE = Pattern.compile("(?m)^\\s*(?:import\\s[^;]*?\\sfrom\\s+['\"]|import\\s+['\"]|export\\s)");

    private static final Map<String, Language> BY_ID = Stream.of(values())
            .flatMap(language -> Stream.concat(Stream.of(language.id), language.aliases.stream())
                    .map(id -> Map.entry(id, language)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private final String id;

    private final String displayName;

    private final boolean compiled;

    private final List<String> candidates;

    private final List<String> aliases;

    Language(String id, String displayName, boolean compiled, List<String> candidates, String... aliases) {
        this.id = id;
        this.displayName = displayName;
        this.compiled = compiled;
        this.candidates = candidates;
        this.aliases = List.of(aliases);
    }

    /** The language a request names, by id or a common alias ({@code py}, {@code js}, {@code c++}); null if none. */
    static @Nullable Language byId(@Nullable String id) {
        return id == null ? null : BY_ID.get(id.trim().toLowerCase(Locale.ROOT));
    }

    /** The ids, for messages. */
    static String ids() {
        return Stream.of(values()).map(Language::id).collect(Collectors.joining(", "));
    }

    String id() {
        return this.id;
    }

    String displayName() {
        return this.displayName;
    }

    /** Whether a compile step comes before the run (a compile failure is {@code compilation_error}). */
    boolean compiled() {
        return this.compiled;
    }

    /** Where the interpreter or compiler is looked for, in order. */
    List<String> candidates() {
        return this.candidates;
    }

    /** The name of the file the code is written to. */
    String sourceFileName(String code) {
        return switch (this) {
            case PYTHON -> "main.py";
            case JAVASCRIPT -> ES_MODULE.matcher(code).find() ? "main.mjs" : "main.js";
            case JAVA -> javaPublicType(code) + ".java";
            case C -> "main.c";
            case CPP -> "main.cpp";
        };
    }

    /** The public top-level type of a Java source, {@code Main} if it has none. */
    static String javaPublicType(String code) {
        Matcher matcher = JAVA_PUBLIC_TYPE.matcher(JAVA_COMMENT.matcher(code).replaceAll(" "));
        return matcher.find() ? matcher.group(1) : "Main";
    }

    /**
     * Whether the source launcher ({@code java File.java}) runs this source as meant: it runs the
     * first type of the file, so a public class declared after a helper needs javac first.
     */
    static boolean javaRunsFromSource(String code) {
        String uncommented = JAVA_COMMENT.matcher(code).replaceAll(" ");
        Matcher publicType = JAVA_PUBLIC_TYPE.matcher(uncommented);
        if (!publicType.find()) {
            return true;
        }
        Matcher firstType = JAVA_FIRST_TYPE.matcher(uncommented);
        return firstType.find() && firstType.group(1).equals(publicType.group(1));
    }

    /** The compile step and the run step of a program, with the limits of each. */
    List<Phase> phases(Toolchain toolchain, String sourceFile, String code, ExecutionProperties properties) {
        String executable = toolchain.requireExecutable().toString();
        ResourceLimits limits = ResourceLimits.forRun(properties, properties.memory().toBytes());
        long runtimeAddressSpace = properties.memory().toBytes() + ExecutionProperties.RUNTIME_HEADROOM.toBytes();
        long heapMegabytes = Math.max(16, properties.memory().toMegabytes());
        List<Phase> phases = new ArrayList<>(2);
        switch (this) {
            case PYTHON -> phases.add(Phase.run(limits, Map.of("PYTHONUNBUFFERED", "1",
                    "PYTHONDONTWRITEBYTECODE", "1", "PYTHONIOENCODING", "utf-8"),
                    executable, "-u", "-B", "-s", sourceFile));
            // V8 reserves far more address space than it uses: its heap flag is the memory limit
            case JAVASCRIPT -> phases.add(Phase.run(limits.withAddressSpace(runtimeAddressSpace), Map.of(),
                    executable, "--max-old-space-size=" + heapMegabytes, sourceFile));
            // the source launcher compiles in memory and runs, one JVM instead of two; the flags keep
            // the JVM small and quick to start
            case JAVA -> {
                List<String> java = new ArrayList<>(List.of(executable, "-Xmx" + heapMegabytes + "m", "-Xss8m"));
                java.addAll(JVM_FLAGS);
                java.addAll(List.of("-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8",
                        "-Dsun.stderr.encoding=UTF-8", "-Djava.io.tmpdir=/tmp"));
                if (javaRunsFromSource(code)) {
                    java.add(sourceFile);
                }
                else {
                    long compilerHeap = Math.max(64, properties.compileMemory().toMegabytes() / 2);
                    List<String> javac = new ArrayList<>(List.of(
                            toolchain.requireExecutable().resolveSibling("javac").toString(), "-J-Xmx" + compilerHeap + "m"));
                    JVM_FLAGS.forEach(flag -> javac.add("-J" + flag));
                    javac.addAll(List.of("-encoding", "UTF-8", "-d", ".", sourceFile));
                    ResourceLimits compile = ResourceLimits.forRun(properties,
                            properties.compileMemory().toBytes() + ExecutionProperties.RUNTIME_HEADROOM.toBytes());
                    phases.add(new Phase(true, List.copyOf(javac), compile, Map.of()));
                    java.addAll(List.of("-cp", ".", javaPublicType(code)));
                }
                phases.add(new Phase(false, List.copyOf(java), limits.withAddressSpace(runtimeAddressSpace), Map.of()));
            }
            case C, CPP -> {
                ResourceLimits compile = ResourceLimits.forRun(properties, properties.compileMemory().toBytes());
                List<String> compiler = new ArrayList<>(List.of(executable,
                        this == C ? "-std=gnu17" : "-std=gnu++17", "-O2", "-pipe", "-o", BINARY, sourceFile));
                if (this == C) {
                    compiler.add("-lm");
                }
                phases.add(new Phase(true, List.copyOf(compiler), compile, Map.of()));
                phases.add(Phase.run(limits, Map.of(), "./" + BINARY));
            }
        }
        return phases;
    }

    /**
     * Whether stderr shows the program ran out of memory: the runtime's own words, since a
     * failed allocation is reported by the program, not by the kernel.
     */
    boolean ranOutOfMemory(String stderr) {
        return switch (this) {
            case PYTHON -> stderr.contains("MemoryError");
            case JAVASCRIPT -> stderr.contains("heap out of memory") || stderr.contains("Fatal process out of memory")
                    || stderr.contains("Fatal process OOM") || stderr.contains("Array buffer allocation failed");
            case JAVA -> stderr.contains("java.lang.OutOfMemoryError");
            case C, CPP -> stderr.contains("std::bad_alloc") || stderr.contains("Cannot allocate memory");
        };
    }

    /** One process of a run: the compiler, or the program itself. */
    record Phase(boolean compile, List<String> command, ResourceLimits limits, Map<String, String> environment) {

        static Phase run(ResourceLimits limits, Map<String, String> environment, String... command) {
            return new Phase(false, List.of(command), limits, environment);
        }
    }
}
