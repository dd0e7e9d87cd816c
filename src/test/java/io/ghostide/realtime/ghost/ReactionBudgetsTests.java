package io.ghostide.realtime.ghost;

import java.util.ArrayList;
import java.util.List;

import io.github.bucket4j.Bucket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** Each session's budget of Ghost's reactions, as {@link ReactionBudgets} keeps it. */
class ReactionBudgetsTests {

    @Test
    void aSessionGetsItsBurstThenNoMore() {
        ReactionBudgets.Budget budget = new ReactionBudgets().forSession("burst");
        assertThat(budget.take(2, 1)).isTrue();
        assertThat(budget.take(2, 1)).isTrue();
        assertThat(budget.take(2, 1)).isFalse();
    }

    @Test
    void eachSessionHasItsOwnBudget() {
        ReactionBudgets budgets = new ReactionBudgets();
        ReactionBudgets.Budget first = budgets.forSession("first");
        assertThat(first.take(1, 1)).isTrue();
        assertThat(first.take(1, 1)).isFalse();
        assertThat(budgets.forSession("second").take(1, 1)).isTrue();
    }

    @Test
    void theBucketIsMadeOnceWithTheFirstReaction() {
        List<String> made = new ArrayList<>();
        ReactionBudgets budgets = new ReactionBudgets((sessionId, limit) -> {
            made.add(sessionId + ":" + limit.getCapacity());
            return Bucket.builder().addLimit(limit).build();
        });
        ReactionBudgets.Budget budget = budgets.forSession("lazy");
        assertThat(made).isEmpty();
        budget.take(3, 6);
        budget.take(3, 6);
        assertThat(made).containsExactly("lazy:3");
    }

    @Test
    void aBudgetThatCannotBeReadGivesNoReaction() {
        Bucket away = mock(Bucket.class);
        given(away.tryConsume(anyLong())).willThrow(new IllegalStateException("Redis is away"));
        ReactionBudgets.Budget budget = new ReactionBudgets((sessionId, limit) -> away).forSession("away");
        assertThat(budget.take(3, 6)).isFalse();
    }
}
