package io.ghostide.realtime.workspace;

import java.nio.file.Path;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where and how much the sessions may store, under {@code ghostide.workspace}.
 *
 * @param dataDir the directory that holds every session's files; a relative path is resolved against the
 * working directory of the server, so {@code ./mvnw spring-boot:run} stores under {@code ./data/workspace}
 * @param maxFileSize the largest file a session may save (its UTF-8 bytes)
 * @param maxNameLength the longest file name accepted
 * @param maxFilesPerSession how many files one session may hold
 * @param maxBytesPerSession bytes the files of one session may hold together
 * @param maxTotalBytes bytes the files of every session may hold together
 * @param maxSessions sessions that may hold files at once
 */
@Validated
@ConfigurationProperties("ghostide.workspace")
public record WorkspaceProperties(
        @DefaultValue("data/workspace") @NotNull Path dataDir,
        @DefaultValue("1MB") @NotNull DataSize maxFileSize,
        @DefaultValue("128") @Min(1) @Max(255) int maxNameLength,
        @DefaultValue("200") @Min(1) int maxFilesPerSession,
        @DefaultValue("16MB") @NotNull DataSize maxBytesPerSession,
        @DefaultValue("1GB") @NotNull DataSize maxTotalBytes,
        @DefaultValue("10000") @Min(1) int maxSessions) {
}
