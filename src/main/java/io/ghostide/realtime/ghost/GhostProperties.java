package io.ghostide.realtime.ghost;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of Ghost AI, under {@code ghostide.ghost}.
 *
 * @param provider {@code offline} (the default, needs nothing) or {@code openai} (any OpenAI-compatible server)
 * @param baseUrl the OpenAI-compatible API root, the part before {@code /chat/completions}
 * @param model the model name sent with each request
 * @param apiKey the bearer key; the environment variable {@code GHOSTIDE_GHOST_API_KEY} sets it; blank sends none
 * @param temperature sampling temperature sent to the model
 * @param maxTokens the most tokens one answer may have
 * @param connectTimeout how long connecting to the model server may take
 * @param firstTokenTimeout how long an answer may take to start; then it fails with {@code ai_error}
 * @param totalTimeout how long one answer may take in all; then it fails with {@code ai_error}
 * @param historySize chat messages (questions and answers) kept per session and sent to the model as context
 * @param maxQueuedChats questions of one session that may wait for Ghost to finish the current answer
 * @param offlineChunkDelay pause between the chunks of an offline answer, so it streams like a model's
 * @param sessionIdleTimeout how long Ghost remembers a session nobody talks to
 * @param reactions which hooks Ghost comments on besides {@code on_error}, which always gets advice
 * @param maxContextSize the largest {@code context} a question may carry (its text, counted in UTF-16 units); larger is refused with 413
 * @param maxSessions sessions Ghost remembers at once; beyond it the least recently used idle one is forgotten
 * @param maxMemory bytes of code, output and chat Ghost remembers of every session together; beyond it the least
 *        recently used idle sessions are forgotten (in this process, or in Redis for {@code redis} mode)
 * @param limits bounds on one answer and on the calls to the provider
 */
@Validated
@ConfigurationProperties("ghostide.ghost")
public record GhostProperties(
        @DefaultValue("offline") @NotNull Provider provider,
        @DefaultValue("https://api.openai.com/v1") @NotNull URI baseUrl,
        @DefaultValue("gpt-4o-mini") @NotNull String model,
        @DefaultValue("") @NotNull String apiKey,
        @DefaultValue("0.3") @DecimalMin("0") @DecimalMax("2") double temperature,
        @DefaultValue("600") @Min(1) int maxTokens,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("30s") @NotNull Duration firstTokenTimeout,
        @DefaultValue("120s") @NotNull Duration totalTimeout,
        @DefaultValue("20") @Min(0) @Max(200) int historySize,
        @DefaultValue("4") @Min(0) int maxQueuedChats,
        @DefaultValue("15ms") @NotNull Duration offlineChunkDelay,
        @DefaultValue("1h") @NotNull Duration sessionIdleTimeout,
        @DefaultValue @Valid @NotNull Reactions reactions,
        @DefaultValue("256KB") @NotNull DataSize maxContextSize,
        @DefaultValue("1000") @Min(1) int maxSessions,
        @DefaultValue("64MB") @NotNull DataSize maxMemory,
        @DefaultValue @Valid @NotNull Limits limits) {

    /** Where Ghost's answers come from. */
    public enum Provider {
        /** Built in, no network: reads errors and code itself. */
        OFFLINE,
        /** An OpenAI-compatible chat completions server: OpenAI, Ollama, vLLM, LM Studio, ... */
        OPENAI
    }

    /**
     * Ghost's reactions to hooks.
     *
     * @param onRun comment when a run starts
     * @param onSave comment when a file is saved
     * @param onSaveDebounce quiet time after the last save before Ghost comments, so a burst of saves gets one remark
     */
    public record Reactions(
            @DefaultValue("true") boolean onRun,
            @DefaultValue("true") boolean onSave,
            @DefaultValue("2s") @NotNull Duration onSaveDebounce) {
    }

    /**
     * Bounds on what a provider may make Ghost do. The time an answer may take is
     * {@code total-timeout}.
     *
     * @param maxAnswerSize characters one answer may have; past it the stream is cancelled and
     *        the text so far is the answer ({@code ai_response} with {@code truncated: true})
     * @param chunkInterval how long the model's deltas are gathered into one {@code ai_response_chunk}; 0 sends each
     * @param maxChunkSize characters gathered into one chunk at most, sent at once when reached
     * @param maxProviderCalls answers streaming from the provider at once, questions and reactions together;
     *        a question waits for one to end, a reaction is skipped
     * @param reactionsPerMinute reactions to hooks one session may get per minute; more are skipped
     * @param reactionBurst reactions one session may get at once after a quiet time
     */
    public record Limits(
            @DefaultValue("16KB") @NotNull DataSize maxAnswerSize,
            @DefaultValue("100ms") @NotNull Duration chunkInterval,
            @DefaultValue("1KB") @NotNull DataSize maxChunkSize,
            @DefaultValue("4") @Min(1) int maxProviderCalls,
            @DefaultValue("6") @Min(1) int reactionsPerMinute,
            @DefaultValue("3") @Min(1) int reactionBurst) {
    }

    // the key must not reach a log through a printed configuration
    @Override
    public String toString() {
        return "GhostProperties[provider=" + this.provider + ", baseUrl=" + this.baseUrl + ", model=" + this.model
                + ", apiKey=" + (this.apiKey.isBlank() ? "(none)" : "******") + ", firstTokenTimeout="
                + this.firstTokenTimeout + ", totalTimeout=" + this.totalTimeout + ", historySize=" + this.historySize
                + ", reactions=" + this.reactions + ", limits=" + this.limits + "]";
    }
}
