package io.ghostide.realtime.ghost;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.ghostide.realtime.ghost.advice.ErrorAdvisor;
import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.messaging.Payloads;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GhostResponderTests extends GhostResponderTestSupport {

    private GhostResponder responder() {
        return responder(Duration.ofSeconds(5), Duration.ofSeconds(10), 20, 4);
    }

    private GhostResponder responder(Duration firstToken, Duration total, int history, int maxQueued) {
        return responder(this.provider, firstToken, total, history, maxQueued);
    }

    private GhostResponder responder(GhostProvider provider, Duration firstToken, Duration total, int history, int maxQueued) {
        return responder(provider, properties(firstToken, total, history, maxQueued));
    }

    @Test
    void anAnswerStreamsWithinATypingBracketBeforeItsWholeText() throws Exception {
        CompletableFuture<Payloads.GhostMessage> answer = responder().chat("s1", "hello?", null);
        ScriptedProvider.Script script = this.provider.nextStarted();
        assertThat(script.prompt.message()).isEqualTo("hello?");
        assertThat(script.prompt.trigger()).isEqualTo(GhostPrompt.Trigger.CHAT);
        script.token("Boo, ").token("hello!").complete();

        this.channel.expectTyping(true);
        RecordingChannel.Chunk first = this.channel.next(RecordingChannel.Chunk.class);
        RecordingChannel.Chunk second = this.channel.next(RecordingChannel.Chunk.class);
        assertThat(first.delta()).isEqualTo("Boo, ");
        assertThat(first.index()).isZero();
        assertThat(second.index()).isEqualTo(1);
        RecordingChannel.Response response = this.channel.next(RecordingChannel.Response.class);
        assertThat(response.message().id()).isEqualTo(first.messageId()).isEqualTo(second.messageId());
        assertThat(response.message().content()).isEqualTo("Boo, hello!");
        assertThat(response.message().sender()).isEqualTo("ghost");
        assertThat(response.message().context()).containsEntry("trigger", "chat").containsEntry("provider", "scripted");
        this.channel.expectTyping(false);
        assertThat(answer.get(5, TimeUnit.SECONDS).content()).isEqualTo("Boo, hello!");
    }

    @Test
    void aProviderFailureBecomesAiErrorInsideTheTypingBracket() throws Exception {
        CompletableFuture<Payloads.GhostMessage> answer = responder().chat("s1", "hello?", null);
        ScriptedProvider.Script script = this.provider.nextStarted();
        script.token("Half an ans");
        script.fail("The model server reported an error", "overloaded");
        script.token("late");

        this.channel.expectTyping(true);
        this.channel.next(RecordingChannel.Chunk.class);
        RecordingChannel.Error error = this.channel.next(RecordingChannel.Error.class);
        assertThat(error.error()).isEqualTo("The model server reported an error");
        assertThat(error.detail()).isEqualTo("overloaded");
        this.channel.expectTyping(false);
        this.channel.expectSilence(Duration.ofMillis(100));
        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(GhostFailedException.class);
    }

    @Test
    void noFirstTokenInTimeEndsTheAnswerWithAnAiError() throws Exception {
        CompletableFuture<Payloads.GhostMessage> answer = responder(Duration.ofMillis(200), Duration.ofSeconds(10), 20, 4)
                .chat("s1", "hello?", null);
        ScriptedProvider.Script script = this.provider.nextStarted();
        this.channel.expectTyping(true);
        RecordingChannel.Error error = this.channel.next(RecordingChannel.Error.class);
        assertThat(error.error()).isEqualTo("Ghost timed out");
        assertThat(error.detail()).contains("200 ms").contains("first-token-timeout");
        this.channel.expectTyping(false);
        assertThat(script.cancelled).isTrue();
        script.token("too late").complete();
        this.channel.expectSilence(Duration.ofMillis(100));
        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(GhostFailedException.class, ex -> assertThat(ex.timedOut()).isTrue());
    }

    @Test
    void anAnswerThatNeverEndsHitsTheTotalTimeout() throws Exception {
        responder(Duration.ofSeconds(5), Duration.ofMillis(300), 20, 4).chat("s1", "hello?", null);
        ScriptedProvider.Script script = this.provider.nextStarted();
        script.token("and on ");
        this.channel.expectTyping(true);
        Object next = this.channel.next();
        if (next instanceof RecordingChannel.Chunk) {
            // the token came before the timeout, as it does unless the machine stalls for 300 ms
            next = this.channel.next();
        }
        assertThat(next).isInstanceOfSatisfying(RecordingChannel.Error.class,
                error -> assertThat(error.detail()).contains("total-timeout"));
        this.channel.expectTyping(false);
        assertThat(script.cancelled).isTrue();
    }

    @Test
    void aNewerReactionCancelsTheOlderOneStillStreaming() throws Exception {
        GhostResponder responder = responder();
        responder.runFailed("s1", failedRun("run-1", "IndexError: list index out of range"));
        ScriptedProvider.Script older = this.provider.nextStarted();
        older.token("About run-1: ");
        this.channel.expectTyping(true);
        String olderId = this.channel.next(RecordingChannel.Chunk.class).messageId();

        responder.runFailed("s1", failedRun("run-2", "KeyError: 'x'"));
        ScriptedProvider.Script newer = this.provider.nextStarted();
        assertThat(older.cancelled).isTrue();
        this.channel.expectTyping(false);
        older.token("late words").complete();
        assertThat(newer.prompt.run().executionId()).isEqualTo("run-2");
        newer.token("About run-2").complete();

        this.channel.expectTyping(true);
        RecordingChannel.Chunk chunk = this.channel.next(RecordingChannel.Chunk.class);
        assertThat(chunk.messageId()).isNotEqualTo(olderId);
        assertThat(chunk.index()).isZero();
        RecordingChannel.Response response = this.channel.next(RecordingChannel.Response.class);
        assertThat(response.message().content()).isEqualTo("About run-2");
        assertThat(response.context()).containsEntry("hook_type", "on_error").containsEntry("execution_id", "run-2");
        this.channel.expectTyping(false);
        this.channel.expectSilence(Duration.ofMillis(100));
    }

    @Test
    void onlyTheNewestReactionFollowsAQuestionInProgress() throws Exception {
        GhostResponder responder = responder();
        CompletableFuture<Payloads.GhostMessage> question = responder.chat("s1", "first question", null);
        ScriptedProvider.Script chat = this.provider.nextStarted();
        responder.runFailed("s1", failedRun("run-1", "IndexError: list index out of range"));
        responder.runFailed("s1", failedRun("run-2", "KeyError: 'x'"));
        assertThat(this.provider.pollStarted(100)).isNull();
        assertThat(chat.cancelled).isFalse();

        chat.token("answer").complete();
        assertThat(question.get(5, TimeUnit.SECONDS).content()).isEqualTo("answer");
        ScriptedProvider.Script reaction = this.provider.nextStarted();
        assertThat(reaction.prompt.run().executionId()).isEqualTo("run-2");
        reaction.token("advice").complete();
        assertThat(this.provider.pollStarted(100)).isNull();

        List<String> said = drain(8).stream().map(GhostResponderTests::describe).toList();
        assertThat(said).containsExactly("typing true", "chunk answer", "response answer", "typing false",
                "typing true", "chunk advice", "response advice", "typing false");
    }

    @Test
    void questionsWaitInOrderUpToTheLimit() throws Exception {
        GhostResponder responder = responder(Duration.ofSeconds(5), Duration.ofSeconds(10), 20, 1);
        responder.chat("s1", "one", null);
        ScriptedProvider.Script one = this.provider.nextStarted();
        CompletableFuture<Payloads.GhostMessage> two = responder.chat("s1", "two", null);
        assertThatThrownBy(() -> responder.chat("s1", "three", null)).isInstanceOf(GhostBusyException.class)
                .hasMessageContaining("max-queued-chats");
        // another session has its own lane
        responder.chat("s2", "elsewhere", null);
        assertThat(this.provider.nextStarted().prompt.message()).isEqualTo("elsewhere");
        one.token("1").complete();
        ScriptedProvider.Script second = this.provider.nextStarted();
        assertThat(second.prompt.message()).isEqualTo("two");
        second.token("2").complete();
        assertThat(two.get(5, TimeUnit.SECONDS).content()).isEqualTo("2");
    }

    @Test
    void everyPromptCarriesTheBoundedHistory() throws Exception {
        GhostResponder responder = responder(Duration.ofSeconds(5), Duration.ofSeconds(10), 4, 4);
        for (int i = 1; i <= 3; i++) {
            responder.chat("s1", "question " + i, null);
            ScriptedProvider.Script script = this.provider.nextStarted();
            script.token("answer " + i).complete();
        }
        responder.chat("s1", "question 4", null);
        ScriptedProvider.Script fourth = this.provider.nextStarted();
        assertThat(fourth.prompt.history()).extracting(GhostPrompt.Turn::content)
                .containsExactly("question 2", "answer 2", "question 3", "answer 3");
        assertThat(fourth.prompt.history()).extracting(GhostPrompt.Turn::role).containsExactly(GhostPrompt.Turn.Role.USER,
                GhostPrompt.Turn.Role.ASSISTANT, GhostPrompt.Turn.Role.USER, GhostPrompt.Turn.Role.ASSISTANT);
    }

    @Test
    void aQuestionIsAskedWithItsCodeInTheContextOfTheLastFailure() throws Exception {
        GhostResponder responder = responder();
        responder.runFailed("s1", failedRun("run-1", "IndexError: list index out of range"));
        this.provider.nextStarted().token("advice").complete();
        responder.chat("s1", "why?", Map.of("code", "print('x')\n", "language", "python", "file_name", "main.py"));
        ScriptedProvider.Script script = this.provider.nextStarted();
        assertThat(script.prompt.session().current().code()).isEqualTo("print('x')\n");
        assertThat(script.prompt.session().current().fileName()).isEqualTo("main.py");
        assertThat(script.prompt.session().lastFailure().executionId()).isEqualTo("run-1");
        assertThat(script.prompt.history()).extracting(GhostPrompt.Turn::content)
                .anyMatch(turn -> turn.contains("IndexError"));
    }

    @Test
    void aProviderThatThrowsOrAnswersNothingStillEndsTheTyping() throws Exception {
        this.provider.onStart(script -> {
            throw new IllegalStateException("no model");
        });
        GhostResponder responder = responder();
        CompletableFuture<Payloads.GhostMessage> failed = responder.chat("s1", "hello?", null);
        this.channel.expectTyping(true);
        assertThat(this.channel.next(RecordingChannel.Error.class).detail()).contains("no model");
        this.channel.expectTyping(false);
        assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);

        this.provider.onStart(script -> { });
        responder.chat("s1", "again?", null);
        this.provider.nextStarted().complete();
        this.channel.expectTyping(true);
        assertThat(this.channel.next(RecordingChannel.Error.class).error()).isEqualTo("Ghost had nothing to say");
        this.channel.expectTyping(false);
    }

    @Test
    void aCancelledQuestionFutureDoesNotDisturbTheSession() throws Exception {
        GhostResponder responder = responder();
        responder.runStarted("s1", new GhostPrompt.RunReport("run-1", "python", "print(1)\n", null), true);
        ScriptedProvider.Script onRun = this.provider.nextStarted();
        assertThat(onRun.prompt.trigger()).isEqualTo(GhostPrompt.Trigger.ON_RUN);
        responder.runStarted("s1", new GhostPrompt.RunReport("run-2", "python", "print(2)\n", null), false);
        assertThat(this.provider.pollStarted(100)).isNull();
        assertThat(onRun.cancelled).isFalse();
        onRun.token("ok").complete();
        this.channel.expectTyping(true);
        this.channel.next(RecordingChannel.Chunk.class);
        assertThat(this.channel.next(RecordingChannel.Response.class).context()).containsEntry("hook_type", "on_run");
        this.channel.expectTyping(false);
    }

    @Test
    void theOfflineProviderStreamsItsAdviceInChunksThatAddUpToTheAnswer() throws Exception {
        GhostResponder responder = responder(new OfflineGhostProvider(new ErrorAdvisor(), this.scheduler,
                Duration.ofMillis(1)), Duration.ofSeconds(5), Duration.ofSeconds(10), 20, 4);
        responder.runFailed("s1", new GhostPrompt.RunReport("run-1", "python", "items = [1]\nprint(items[10])\n",
                new ExecutionResult("", """
                        Traceback (most recent call last):
                          File "/tmp/run/main.py", line 2, in <module>
                            print(items[10])
                        IndexError: list index out of range
                        """, 1, 0.05, false, ExecutionResult.Status.RUNTIME_ERROR, false)));
        this.channel.expectTyping(true);
        StringBuilder streamed = new StringBuilder();
        int chunks = 0;
        Object next = this.channel.next();
        while (next instanceof RecordingChannel.Chunk chunk) {
            assertThat(chunk.index()).isEqualTo(chunks++);
            streamed.append(chunk.delta());
            next = this.channel.next();
        }
        assertThat(next).isInstanceOf(RecordingChannel.Response.class);
        RecordingChannel.Response response = (RecordingChannel.Response) next;
        assertThat(chunks).isGreaterThan(3);
        assertThat(streamed.toString()).isEqualTo(response.message().content());
        assertThat(response.message().content()).contains("IndexError on line 2").contains("`len(items)`");
        assertThat(response.message().context()).containsEntry("trigger", "on_error").containsEntry("provider", "offline")
                .containsEntry("error_type", "IndexError").containsEntry("line", 2);
        this.channel.expectTyping(false);
    }

    @Test
    void offlineChunksJoinToExactlyTheText() {
        String text = "  👻 Boo!  IndexError on line 3\n\n    3 | print(items[10])\n\nCheck `len(items)`.  ";
        assertThat(String.join("", OfflineGhostProvider.chunks(text))).isEqualTo(text);
        assertThat(OfflineGhostProvider.chunks(text)).hasSizeGreaterThan(2);
        assertThat(OfflineGhostProvider.chunks("")).isEmpty();
    }

    private List<Object> drain(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> this.channel.next()).collect(Collectors.toList());
    }

    private static String describe(Object said) {
        if (said instanceof RecordingChannel.Typing typing) {
            return "typing " + typing.typing();
        }
        if (said instanceof RecordingChannel.Chunk chunk) {
            return "chunk " + chunk.delta();
        }
        if (said instanceof RecordingChannel.Response response) {
            return "response " + response.message().content();
        }
        return String.valueOf(said);
    }
}
