package io.ghostide.realtime.execution;

import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Says at start-up what runs here and how it is isolated: the languages found and missing, the
 * sandbox layer chosen and those that do not work here, and a warning when code runs without
 * isolation.
 */
class ExecutionStartupReport implements SmartInitializingSingleton {

    private static final Log logger = LogFactory.getLog(ExecutionStartupReport.class);

    private final ExecutionProperties properties;

    private final Sandbox sandbox;

    private final ToolchainRegistry toolchains;

    ExecutionStartupReport(ExecutionProperties properties, Sandbox sandbox, ToolchainRegistry toolchains) {
        this.properties = properties;
        this.sandbox = sandbox;
        this.toolchains = toolchains;
    }

    @Override
    public void afterSingletonsInstantiated() {
        report();
    }

    private void report() {
        String available = this.toolchains.all().stream().filter(Toolchain::available)
                .map(toolchain -> toolchain.language().id() + " (" + toolchain.requireExecutable() + ")")
                .collect(Collectors.joining(", "));
        String missing = this.toolchains.all().stream().filter(toolchain -> !toolchain.available())
                .map(toolchain -> toolchain.language().id() + " (" + toolchain.detail() + ")")
                .collect(Collectors.joining(", "));
        if (!this.sandbox.rejected().isEmpty()) {
            logger.info("Sandbox layers that do not work here: " + String.join("; ", this.sandbox.rejected()));
        }
        String refusal = this.sandbox.refusal();
        if (refusal != null) {
            logger.error(refusal);
            return;
        }
        UidPool uids = this.sandbox.uids();
        String privileges = uids != null
                ? "each run as a uid of its own from " + uids.base() + " (the server runs as root)"
                : "runs keep the server's uid outside their user namespace (the server is not root)";
        logger.info("Code execution: sandbox " + this.sandbox.layer().name() + ", " + privileges + "; "
                + this.properties.effectiveMaxConcurrent() + " at once and " + this.properties.queueCapacity()
                + " waiting; "
                + "languages: " + (available.isEmpty() ? "none" : available)
                + (missing.isEmpty() ? "" : "; unavailable: " + missing));
        if (!this.sandbox.layer().isolated()) {
            logger.warn("Code runs WITHOUT isolation (ghostide.execution.allow-unsandboxed=true): a program sees the"
                    + " host's network, processes and files; only rlimits" + (uids != null ? " and its own uid" : "")
                    + " limit it");
        }
    }
}
