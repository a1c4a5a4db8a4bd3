package io.github.hsmkeystore.core;

import java.util.Objects;

/**
 * One way an existing table differs from its {@link TableDefinition}, with the fix.
 *
 * @param property what differs, e.g. {@code GlobalSecondaryIndexes[by-customer]} or {@code TimeToLive}
 * @param expected what the definition asks for
 * @param actual what DynamoDB reports
 * @param fix what to do about it
 */
public record TableDrift(String property, String expected, String actual, String fix) {
    /**
     * Checks that no component is null.
     *
     * @param property what differs, e.g. {@code GlobalSecondaryIndexes[by-customer]} or {@code TimeToLive}
     * @param expected what the definition asks for
     * @param actual what DynamoDB reports
     * @param fix what to do about it
     */
    public TableDrift {
        Objects.requireNonNull(property, "property must not be null");
        Objects.requireNonNull(expected, "expected must not be null");
        Objects.requireNonNull(actual, "actual must not be null");
        Objects.requireNonNull(fix, "fix must not be null");
    }

    @Override
    public String toString() {
        return property + ": expected " + expected + ", found " + actual + " (" + fix + ")";
    }
}
