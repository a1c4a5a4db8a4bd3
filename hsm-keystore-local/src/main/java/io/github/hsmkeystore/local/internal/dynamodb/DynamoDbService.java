package io.github.hsmkeystore.local.internal.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsJsonService;
import io.github.hsmkeystore.local.internal.EmulatorClock;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.Scope;
import io.github.hsmkeystore.local.internal.kms.KmsKeyAccess;

/** DynamoDB ({@code DynamoDB_20120810}, JSON 1.0) with encryption at rest through the emulated KMS. */
public final class DynamoDbService implements AwsJsonService {
    private final EmulatorClock clock;
    private final KmsKeyAccess kms;

    public DynamoDbService(EmulatorClock clock, KmsKeyAccess kms) {
        this.clock = clock;
        this.kms = kms;
    }

    @Override
    public String name() {
        return "dynamodb";
    }

    @Override
    public String targetPrefix() {
        return "DynamoDB_20120810";
    }

    @Override
    public String contentType() {
        return "application/x-amz-json-1.0";
    }

    @Override
    public String errorType(String shape) {
        return "com.amazonaws.dynamodb.v20120810#" + shape;
    }

    @Override
    public ObjectNode handle(Scope scope, String operation, JsonRequest request) {
        throw AwsJsonService.unknownOperation(targetPrefix() + "." + operation);
    }
}
