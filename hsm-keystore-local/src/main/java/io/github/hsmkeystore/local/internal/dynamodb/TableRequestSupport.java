package io.github.hsmkeystore.local.internal.dynamodb;

import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.JsonRequest;

/**
 * Table-level request values hsm-keystore-local does not implement, answered with a 400 ValidationException naming them,
 * never silently ignored (docs/dynamodb-tables.md, "Not implemented"). Whole members that are not implemented are
 * listed once, in {@link DynamoDbSupport#UNIMPLEMENTED}; this class refuses what depends on a member's value (a
 * StreamSpecification that enables a stream, an index's own on-demand or warm throughput).
 */
final class TableRequestSupport {
    private TableRequestSupport() {
    }

    /** Refuses a StreamSpecification that enables a stream. */
    static void check(String operation, JsonRequest r) {
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
