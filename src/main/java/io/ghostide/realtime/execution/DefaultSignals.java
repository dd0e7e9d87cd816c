package io.ghostide.realtime.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The start of every run's command line that gives the run each signal's default action, as a
 * terminal would. A signal the server was started ignoring stays ignored across {@code exec}:
 * started as {@code java … &} from a script, the server ignores SIGINT and SIGQUIT, and so would
 * every program it runs; Python then installs no KeyboardInterrupt handler and a stop's SIGINT
 * does nothing, leaving only the kill after the grace. coreutils' {@code env --default-signal}
 * (8.31 and later) resets them and execs the rest of the line.
 */
final class DefaultSignals {

    private static final Log logger = LogFactory.getLog(DefaultSignals.class);

    // SigIgn in /proc/self/status is a hexadecimal mask, bit n-1 for signal n
    private static final long SIGINT_BIT = 1L << 1;

    private static final List<String> PREFIX = detect();

    private DefaultSignals() {
    }

    /** {@code env --default-signal --}, or nothing where {@code env} does not know the option. */
    static List<String> prefix() {
        return PREFIX;
    }

    private static List<String> detect() {
        List<String> prefix = HostTools.find("env").map(env -> List.of(env.toString(), "--default-signal", "--"))
                .filter(DefaultSignals::works).orElse(List.of());
        if (prefix.isEmpty() && serverIgnoresSigint()) {
            logger.warn("The server ignores SIGINT (started in the background of a script?) and this host's env has"
                    + " no --default-signal (coreutils 8.31 or later): runs ignore SIGINT too, so a stop ends them"
                    + " only by the kill after ghostide.execution.stop-grace");
        }
        return prefix;
    }

    private static boolean works(List<String> prefix) {
        try {
            Process probe = new ProcessBuilder(concat(prefix, "true")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean serverIgnoresSigint() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("SigIgn:"))
                    .anyMatch(line -> (Long.parseUnsignedLong(line.substring(7).trim(), 16) & SIGINT_BIT) != 0);
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static List<String> concat(List<String> prefix, String program) {
        List<String> line = new ArrayList<>(prefix);
        line.add(program);
        return line;
    }
}
