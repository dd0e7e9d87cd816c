package io.ghostide.realtime.execution;

import java.util.stream.Stream;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/languages}: every language with whether it runs here, the isolation in use
 * and the limits of a run.
 */
@RestController
@RequestMapping("/api/v1")
class LanguagesController {

    private final ToolchainRegistry toolchains;

    private final Sandbox sandbox;

    private final ExecutionProperties properties;

    LanguagesController(ToolchainRegistry toolchains, Sandbox sandbox, ExecutionProperties properties) {
        this.toolchains = toolchains;
        this.sandbox = sandbox;
        this.properties = properties;
    }

    @GetMapping("/languages")
    LanguagesResponse languages() {
        var languages = Stream.of(Language.values()).map(language -> {
            Toolchain toolchain = this.toolchains.toolchain(language);
            boolean available = toolchain.available();
            String version = available ? this.toolchains.version(language) : null;
            return new LanguagesResponse.LanguageInfo(language.id(), language.displayName(), available,
                    language.compiled(), version == null || version.isEmpty() ? null : version,
                    available ? null : toolchain.detail());
        }).toList();
        IsolationLayer layer = this.sandbox.layer();
        var isolation = new LanguagesResponse.IsolationInfo(layer.name(), layer.isolated(), this.sandbox.enabled(),
                this.sandbox.dropsPrivileges(), layer.guarantees(), this.sandbox.refusal());
        var limits = new LanguagesResponse.LimitsInfo(this.properties.defaultTimeout().toSeconds(),
                this.properties.maxTimeout().toSeconds(), this.properties.cpuTime().toSeconds(),
                this.properties.memory().toBytes(), this.properties.maxProcesses(), this.properties.maxOutput().toBytes(),
                this.properties.effectiveMaxConcurrent(), this.properties.queueCapacity());
        return new LanguagesResponse(languages, isolation, limits);
    }
}
