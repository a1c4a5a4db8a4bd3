package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.EmulatorClock;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
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

    /** A remembered success: a digest of its request (not the request: it can be 4 MB), its answer, its expiry. */
    private record Done(byte[] request, ObjectNode response, Instant expires) {
    }

    private final Map<Scope, Map<String, Done>> byScope = new ConcurrentHashMap<>();

    /**
     * Runs {@code transaction} for {@code request} (the request body as received, before any normalisation) under
     * {@code token}, or replays the remembered answer.
     */
    ObjectNode run(Scope scope, String token, ObjectNode request, EmulatorClock clock, Supplier<ObjectNode> transaction) {
        Map<String, Done> tokens = byScope.computeIfAbsent(scope, s -> new LinkedHashMap<>());
        synchronized (tokens) {
            Instant now = clock.now();
            // insertion order is expiry order (the clock never goes back): drop expired tokens from the oldest on
            for (Iterator<Done> it = tokens.values().iterator(); it.hasNext() && !now.isBefore(it.next().expires()); ) {
                it.remove();
            }
            byte[] digest = digest(request);
            Done done = tokens.get(token);
            if (done != null) {
                if (!MessageDigest.isEqual(done.request(), digest)) {
                    throw AwsException.client("IdempotentParameterMismatchException",
                            "Request parameters do not match the parameters of the earlier request with the same ClientRequestToken");
                }
                return done.response().deepCopy();
            }
            ObjectNode response = transaction.get();
            // valid for 10 minutes after the first request that uses it is completed
            tokens.put(token, new Done(digest, response.deepCopy(), clock.now().plus(WINDOW)));
            return response;
        }
    }

    /** SHA-256 of the request in a canonical form: object members sorted by name, so member order does not matter. */
    static byte[] digest(JsonNode request) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        canonical(request, sha);
        return sha.digest();
    }

    /** Feeds {@code node} to the digest; recursion is bounded by the request's JSON nesting (Jackson's read limit). */
    private static void canonical(JsonNode node, MessageDigest sha) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            sha.update((byte) '{');
            for (String name : names) {
                update(sha, Json.writeString(Json.text(name)));
                sha.update((byte) ':');
                canonical(node.get(name), sha);
                sha.update((byte) ',');
            }
            sha.update((byte) '}');
        } else if (node.isArray()) {
            sha.update((byte) '[');
            for (JsonNode e : node) {
                canonical(e, sha);
                sha.update((byte) ',');
            }
            sha.update((byte) ']');
        } else {
            update(sha, Json.writeString(node));
        }
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
    }
}
