package io.github.hsmkeystore.local.internal;

import java.util.Objects;

/**
 * An error the emulator answers with, shaped as AWS does: an error type (the shape name, e.g.
 * {@code NotFoundException}), a message, and an HTTP status (4xx for client errors, 5xx for faults).
 * Throw it from any service operation; the HTTP layer turns it into the AWS JSON error body.
 */
public final class AwsException extends RuntimeException {
    private final String type;
    private final int status;
    private com.fasterxml.jackson.databind.node.ObjectNode fields;

    public AwsException(int status, String type, String message) {
        super(message, null, false, false);
        this.type = Objects.requireNonNull(type, "type");
        this.status = status;
    }

    /** A 400 error of the given type. */
    public static AwsException client(String type, String message) {
        return new AwsException(400, type, message);
    }

    /** A 500 error (a modelled fault, e.g. {@code KMSInternalException}); SDKs retry these. */
    public static AwsException fault(String type, String message) {
        return new AwsException(500, type, message);
    }

    /** The unmodelled {@code ValidationException} that KMS and DynamoDB use for constraint violations. */
    public static AwsException validation(String message) {
        return client("ValidationException", message);
    }

    /** The JSON protocol error for a body that cannot be read as the operation's input. */
    public static AwsException serialization(String message) {
        return client("SerializationException", message);
    }

    /** Adds members to the error body (e.g. DynamoDB's {@code CancellationReasons} or {@code Item}). */
    public AwsException withFields(com.fasterxml.jackson.databind.node.ObjectNode extra) {
        this.fields = extra;
        return this;
    }

    /** Extra members of the error body, or null. */
    public com.fasterxml.jackson.databind.node.ObjectNode fields() {
        return fields;
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }
}
