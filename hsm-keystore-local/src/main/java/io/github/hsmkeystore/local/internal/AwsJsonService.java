package io.github.hsmkeystore.local.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One emulated AWS service on the shared endpoint, chosen by the {@code X-Amz-Target} prefix.
 * Implementations throw {@link AwsException} for every error; an operation they do not implement
 * must answer {@link #unknownOperation(String)} (a 400, never a 500: SDKs retry 500s).
 */
public interface AwsJsonService {
    /** The signing / short name used in logs and request counts: {@code kms}, {@code cloudhsmv2}, {@code dynamodb}. */
    String name();

    /** The {@code X-Amz-Target} prefix before the dot, e.g. {@code TrentService}. */
    String targetPrefix();

    /** The JSON protocol content type, {@code application/x-amz-json-1.1} or {@code -1.0}. */
    String contentType();

    /** The member that carries the error text: {@code message} (KMS, DynamoDB) or {@code Message} (CloudHSMv2). */
    default String errorMessageMember() {
        return "message";
    }

    /** The member that carries the text of an error of this type (DynamoDB: {@code Message} for its framework's errors). */
    default String errorMessageMember(String shape) {
        return errorMessageMember();
    }

    /** The error {@code __type} written for a shape name (DynamoDB prefixes its namespace). */
    default String errorType(String shape) {
        return shape;
    }

    ObjectNode handle(Scope scope, String operation, JsonRequest request);

    static AwsException unknownOperation(String target) {
        return AwsException.client("UnknownOperationException", "Operation " + target + " is not supported by hsm-keystore-local");
    }
}
