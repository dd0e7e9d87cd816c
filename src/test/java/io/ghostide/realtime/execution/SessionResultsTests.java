package io.ghostide.realtime.execution;

import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.messaging.ExecutionResult.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionResultsTests {

    @Test
    void aResultThatFitsIsHeardAsItIs() {
        ExecutionResult result = new ExecutionResult("42\n", "", 0, 0.1, false, Status.OK, false);
        assertThat(SessionResults.bounded(result)).isSameAs(result);
    }

    @Test
    void aLargeStreamIsTruncatedToItsTail() {
        String stderr = "x".repeat(100) + "Traceback: the end\n";
        ExecutionResult result = new ExecutionResult("ok\n", stderr, 1, 0.1, false, Status.RUNTIME_ERROR, false);
        ExecutionResult heard = SessionResults.bounded(result, 20);
        assertThat(heard.stderr()).isEqualTo("Traceback: the end\n");
        assertThat(heard.stdout()).isEqualTo("ok\n");
        assertThat(heard.truncated()).isTrue();
        assertThat(heard.status()).isEqualTo(Status.RUNTIME_ERROR);
        assertThat(heard.exitCode()).isEqualTo(1);
    }

    @Test
    void theTailNeverStartsInsideASurrogatePair() {
        String tail = SessionResults.tail("a\uD83D\uDE00\uD83D\uDE00", 18);
        assertThat(tail).isEqualTo("\uD83D\uDE00");
    }
}
