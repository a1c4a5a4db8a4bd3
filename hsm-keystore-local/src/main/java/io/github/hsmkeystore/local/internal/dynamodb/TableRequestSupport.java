package io.github.hsmkeystore.local.internal.dynamodb;

import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.util.List;
import java.util.Map;

/**
 * Table-level request members of the DynamoDB API that hsm-keystore-local does not implement: a request that sends one
 * is answered with a 400 ValidationException naming it, never silently ignored (docs/dynamodb-tables.md, "Not
 * implemented"). Edit {@link #UNSUPPORTED} when a member becomes implemented.
 */
final class TableRequestSupport {
    /** Per operation, the members refused when present (null values count as absent). */
    static final Map<String, List<String>> UNSUPPORTED = Map.of(
            "CreateTable", List.of("WarmThroughput", "ResourcePolicy", "OnDemandThroughput", "GlobalTableSourceArn",
                    "GlobalTableSettingsReplicationMode"),
            "UpdateTable", List.of("ReplicaUpdates", "MultiRegionConsistency", "GlobalTableWitnessUpdates", "OnDemandThroughput",
                    "WarmThroughput", "GlobalTableSettingsReplicationMode"));

    private TableRequestSupport() {
    }

    /** Refuses the members of {@link #UNSUPPORTED} for {@code operation}, and a StreamSpecification that enables a stream. */
    static void check(String operation, JsonRequest r) {
        rejectUnsupported(r, operation, UNSUPPORTED.getOrDefault(operation, List.of()).toArray(String[]::new));
        JsonRequest streams = r.nested("StreamSpecification");
        if (streams != null && (streams.bool("StreamEnabled", false) || streams.has("StreamViewType"))) {
            throw notImplemented(operation, "StreamSpecification (DynamoDB Streams)");
        }
    }

    static void rejectUnsupported(JsonRequest r, String where, String... members) {
        for (String m : members) {
            if (r.has(m)) {
                throw notImplemented(where, m);
            }
        }
    }

    static AwsException notImplemented(String where, String member) {
        return AwsException.validation(member + " is not implemented by hsm-keystore-local (" + where + "); the request was not applied");
    }
}
