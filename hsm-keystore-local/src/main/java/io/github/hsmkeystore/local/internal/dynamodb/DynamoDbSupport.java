package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.protocol.InputValidator;
import io.github.hsmkeystore.local.internal.protocol.ServiceModel;
import io.github.hsmkeystore.local.internal.protocol.Shape;
import io.github.hsmkeystore.local.internal.protocol.ValueRenderer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The protocol layer of the emulated DynamoDB, run before any operation code (docs/dynamodb-validation.md): the body
 * is checked against the DynamoDB API model (types, then every constraint), then against {@link #UNIMPLEMENTED}: a
 * member of the model that the emulator does not implement is a 400 that names it, never silently ignored.
 */
final class DynamoDbSupport {
    /**
     * Per operation, the top-level members of the model that the emulator does not implement yet. {@code "Name"}: any
     * value is refused; {@code "Name=VALUE"}: only that value (the default, which the emulator does honour) is accepted.
     * Remove an entry when its member is implemented. Operations not listed here implement every member they read.
     */
    static final Map<String, List<String>> UNIMPLEMENTED = Map.ofEntries(
            Map.entry("CreateTable", List.of("WarmThroughput", "ResourcePolicy", "OnDemandThroughput", "GlobalTableSourceArn",
                    "GlobalTableSettingsReplicationMode")),
            Map.entry("UpdateTable", List.of("ReplicaUpdates", "MultiRegionConsistency", "GlobalTableWitnessUpdates",
                    "OnDemandThroughput", "WarmThroughput", "GlobalTableSettingsReplicationMode")));

    /** Structures DynamoDB prints as {@code com.amazonaws.dynamodb.v20120810.X@hash} in validation messages. */
    private static final Set<String> OPAQUE_SHAPES = Set.of("AttributeValue");

    private DynamoDbSupport() {
    }

    /** The model and validator, loaded on first use (100 KB of JSON; docs/dynamodb-validation.md, "Cost"). */
    private static final class Loaded {
        static final ServiceModel MODEL = ServiceModel.load(
                "/io/github/hsmkeystore/local/internal/protocol/dynamodb-2012-08-10.json", "com.amazonaws.dynamodb.v20120810");
        static final Shape TABLE_NAME = MODEL.shape("TableName");
        static final InputValidator VALIDATOR = new InputValidator(MODEL, DynamoDbSupport::refine, new ValueRenderer(OPAQUE_SHAPES));
        static final Map<String, Map<String, String>> UNIMPLEMENTED_BY_MEMBER = parse(UNIMPLEMENTED);
    }

    /** The DynamoDB API model the emulator checks requests against. */
    static ServiceModel model() {
        return Loaded.MODEL;
    }

    /**
     * Checks a request before the operation runs: types ({@code SerializationException}), constraints
     * ({@code ValidationException}), then members the emulator does not implement (a 400 naming them).
     */
    static void check(String operation, ObjectNode body) {
        Loaded.VALIDATOR.validate(operation, body);
        Map<String, String> unimplemented = Loaded.UNIMPLEMENTED_BY_MEMBER.get(operation);
        if (unimplemented == null) {
            return;
        }
        for (Map.Entry<String, String> e : unimplemented.entrySet()) {
            JsonNode v = body.get(e.getKey());
            if (v == null) {
                continue;
            }
            if (e.getValue() == null) {
                throw AwsException.validation(operation + " parameter " + e.getKey() + " is not supported by hsm-keystore-local");
            }
            if (!v.isValueNode() || !v.asText().equals(e.getValue())) {
                throw AwsException.validation(operation + " parameter " + e.getKey() + " is not supported by hsm-keystore-local"
                        + " except with its default value " + e.getValue());
            }
        }
    }

    /**
     * DynamoDB's refinement of the public model: a table given by name rather than ARN must still be a valid table
     * name (3 to 255 characters of {@code [a-zA-Z0-9_.-]}), although the model's {@code TableArn} only says 1 to 1024.
     */
    private static Shape refine(Shape declared, JsonNode value) {
        if (declared.name().equals("TableArn") && value.isTextual() && !value.textValue().startsWith("arn:")) {
            return Loaded.TABLE_NAME;
        }
        return declared;
    }

    private static Map<String, Map<String, String>> parse(Map<String, List<String>> table) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        table.forEach((operation, members) -> {
            Map<String, String> byMember = new LinkedHashMap<>();
            for (String m : members) {
                int eq = m.indexOf('=');
                byMember.put(eq < 0 ? m : m.substring(0, eq), eq < 0 ? null : m.substring(eq + 1));
            }
            out.put(operation, byMember);
        });
        return out;
    }
}
