package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.EmulatorClock;
import io.github.hsmkeystore.local.internal.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * ClientRequestToken idempotency of TransactWriteItems (docs/dynamodb-transactions-and-limits.md, "Idempotency"): a
 * token is remembered for 10 minutes (emulator clock) after the request that used it succeeded; the same token with the
 * same request answers the first answer again without writing, with another request
 * {@code IdempotentParameterMismatchException}. Failed requests are not remembered (they wrote nothing). Calls with one
 * token run one at a time, so a retry racing its original waits for it and then replays it.
 */
final class TransactTokens {
    static final Duration WINDOW = Duration.ofMinutes(10);

    private record Done(ObjectNode request, ObjectNode response, Instant expires) {
    }

    private final Map<Scope, Map<String, Done>> byScope = new ConcurrentHashMap<>();

    /**
     * Runs {@code transaction} for {@code request} (the request body as received, before any normalisation) under
     * {@code token}, or replays the remembered answer.
     */
    ObjectNode run(Scope scope, String token, ObjectNode request, EmulatorClock clock, Supplier<ObjectNode> transaction) {
        Map<String, Done> tokens = byScope.computeIfAbsent(scope, s -> new HashMap<>());
        synchronized (tokens) {
            Instant now = clock.now();
            for (Iterator<Done> it = tokens.values().iterator(); it.hasNext(); ) {
                if (!now.isBefore(it.next().expires())) {
                    it.remove();
                }
            }
            Done done = tokens.get(token);
            if (done != null) {
                if (!done.request().equals(request)) {
                    throw AwsException.client("IdempotentParameterMismatchException",
                            "Request parameters do not match the parameters of the earlier request with the same ClientRequestToken");
                }
                return done.response().deepCopy();
            }
            ObjectNode response = transaction.get();
            // valid for 10 minutes after the first request that uses it is completed
            tokens.put(token, new Done(request, response.deepCopy(), clock.now().plus(WINDOW)));
            return response;
        }
    }
}
