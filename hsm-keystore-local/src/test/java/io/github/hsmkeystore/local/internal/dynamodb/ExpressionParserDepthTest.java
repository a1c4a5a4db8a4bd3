package io.github.hsmkeystore.local.internal.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The expression parser on the deepest inputs its limits let through, in a thread with half the default stack (512 KB): never a
 * StackOverflowError, only results or DynamoDB's ValidationException.
 */
class ExpressionParserDepthTest {
    private static Expressions placeholders() {
        return new Expressions(Map.of(), Map.<String, JsonNode>of(":v", Json.object().put("N", "1")));
    }

    /** Runs {@code parse} on a thread with a 512 KB stack and returns what it threw (null: nothing). */
    private static Throwable onSmallStack(Runnable parse) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                parse.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "small-stack", 512 * 1024);
        t.start();
        t.join();
        return thrown.get();
    }

    @Test
    void condition_deepestValidNesting_parsesOnASmallStack() throws Exception {
        // each level one NOT (counted): 299 levels plus the comparison make 300 operators
        String nots = "(NOT ".repeat(299) + "a = :v" + ")".repeat(299);
        String ors = "(a = :v OR ".repeat(299) + "a = :v" + ")".repeat(299);
        for (String expression : List.of(nots, ors)) {
            assertThat(expression.length()).isLessThanOrEqualTo(ExpressionParser.MAX_EXPRESSION_BYTES);
            Throwable thrown = onSmallStack(() -> placeholders().condition(expression, "ConditionExpression"));
            assertThat(thrown).as(expression.substring(0, 12)).isNull();
        }
    }

    @Test
    void condition_unbalancedParentheses_isASyntaxErrorNotAnOverflow() throws Exception {
        Throwable thrown = onSmallStack(() -> placeholders().condition("(".repeat(4000) + "a = :v", "ConditionExpression"));
        assertThat(thrown).isInstanceOf(AwsException.class).hasMessageContaining("Invalid ConditionExpression: Syntax error");
    }

    @Test
    void update_nestedFunctionsUpToTheOperatorLimit_parseOnASmallStack() throws Exception {
        String update = "SET a = " + "if_not_exists(a, ".repeat(220) + ":v" + ")".repeat(220);
        assertThat(update.length()).isLessThanOrEqualTo(ExpressionParser.MAX_EXPRESSION_BYTES);
        assertThat(onSmallStack(() -> placeholders().update(update))).isNull();
    }

    @Test
    void condition_301Operators_isRefusedBeforeParsing() {
        String expression = String.join(" AND ", Collections.nCopies(301, "a = :v"));
        assertThatThrownBy(() -> placeholders().condition(expression, "ConditionExpression"))
                .isInstanceOf(AwsException.class)
                .hasMessage("Invalid ConditionExpression: The expression contains too many operators; operator count: 301");
    }

    @Test
    void condition_notChain_evaluatesByParity() {
        var item = Json.object();
        item.set("a", Json.object().put("N", "1"));
        assertThat(placeholders().condition("NOT NOT a = :v", "ConditionExpression").test(item)).isTrue();
        assertThat(placeholders().condition("NOT NOT NOT a = :v", "ConditionExpression").test(item)).isFalse();
    }
}
