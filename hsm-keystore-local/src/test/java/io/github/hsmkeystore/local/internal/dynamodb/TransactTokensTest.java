package io.github.hsmkeystore.local.internal.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.EmulatorClock;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.Scope;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** ClientRequestToken bookkeeping: digests ignore member order, answers replay, tokens expire on the emulator clock. */
class TransactTokensTest {
    private static ObjectNode parse(String json) throws Exception {
        return (ObjectNode) Json.readTree(json);
    }

    @Test
    void digest_ignoresMemberOrder_butNotValues() throws Exception {
        byte[] a = TransactTokens.digest(parse("{\"A\":1,\"B\":{\"x\":[1,2],\"y\":\"s\"}}"));
        byte[] b = TransactTokens.digest(parse("{\"B\":{\"y\":\"s\",\"x\":[1,2]},\"A\":1}"));
        byte[] c = TransactTokens.digest(parse("{\"B\":{\"y\":\"s\",\"x\":[2,1]},\"A\":1}"));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void run_sameTokenReplays_otherRequestMismatches_expiresAfterTenMinutes() throws Exception {
        TransactTokens tokens = new TransactTokens();
        EmulatorClock clock = new EmulatorClock();
        Scope scope = new Scope("111122223333", "us-east-1");
        AtomicInteger runs = new AtomicInteger();
        ObjectNode request = parse("{\"ClientRequestToken\":\"t\",\"TransactItems\":[]}");

        tokens.run(scope, "t", request, clock, () -> Json.object().put("run", runs.incrementAndGet()));
        ObjectNode replay = tokens.run(scope, "t", request, clock, () -> Json.object().put("run", runs.incrementAndGet()));
        assertThat(replay.get("run").intValue()).isEqualTo(1);
        assertThatThrownBy(() -> tokens.run(scope, "t", parse("{\"ClientRequestToken\":\"t\",\"TransactItems\":[1]}"), clock,
                Json::object)).isInstanceOf(AwsException.class).hasMessageContaining("ClientRequestToken");

        clock.advance(Duration.ofMinutes(10));
        assertThat(tokens.run(scope, "t", request, clock, () -> Json.object().put("run", runs.incrementAndGet())).get("run").intValue())
                .isEqualTo(2);
    }
}
