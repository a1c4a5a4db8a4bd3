package io.github.hsmkeystore.core;

import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * How to create an encrypted table: its keys, billing mode and the KMS key that encrypts it at rest.
 *
 * <pre>{@code
 * t -> t.partitionKey("id", ScalarAttributeType.S).encryptedWith(key)
 * }</pre>
 */
public final class TableDefinition {
    private final String partitionKey;
    private final ScalarAttributeType partitionKeyType;
    private final String sortKey;
    private final ScalarAttributeType sortKeyType;
    private final BillingMode billingMode;
    private final KmsKey key;

    private TableDefinition(Builder b) {
        this.partitionKey = b.partitionKey;
        this.partitionKeyType = b.partitionKeyType;
        this.sortKey = b.sortKey;
        this.sortKeyType = b.sortKeyType;
        this.billingMode = b.billingMode;
        this.key = b.key;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the partition key attribute name */
    public String partitionKey() {
        return partitionKey;
    }

    /** @return the partition key type */
    public ScalarAttributeType partitionKeyType() {
        return partitionKeyType;
    }

    /** @return the sort key attribute name, or null for a table without one */
    public String sortKey() {
        return sortKey;
    }

    /** @return the sort key type, or null */
    public ScalarAttributeType sortKeyType() {
        return sortKeyType;
    }

    /** @return the billing mode (default PAY_PER_REQUEST) */
    public BillingMode billingMode() {
        return billingMode;
    }

    /** @return the KMS key the table must be encrypted with */
    public KmsKey key() {
        return key;
    }

    /** Builds a {@link TableDefinition}; {@link #build()} checks that the partition key and the KMS key are set. */
    public static final class Builder {
        private String partitionKey;
        private ScalarAttributeType partitionKeyType;
        private String sortKey;
        private ScalarAttributeType sortKeyType;
        private BillingMode billingMode = BillingMode.PAY_PER_REQUEST;
        private KmsKey key;

        private Builder() {
        }

        /**
         * @param name the partition key attribute
         * @param type its type (S, N or B)
         * @return this builder
         */
        public Builder partitionKey(String name, ScalarAttributeType type) {
            this.partitionKey = Objects.requireNonNull(name, "partitionKey must not be null");
            this.partitionKeyType = Objects.requireNonNull(type, "partitionKeyType must not be null");
            return this;
        }

        /**
         * @param name the sort key attribute
         * @param type its type (S, N or B)
         * @return this builder
         */
        public Builder sortKey(String name, ScalarAttributeType type) {
            this.sortKey = Objects.requireNonNull(name, "sortKey must not be null");
            this.sortKeyType = Objects.requireNonNull(type, "sortKeyType must not be null");
            return this;
        }

        /**
         * @param mode PAY_PER_REQUEST (default) or PROVISIONED (then 5 read and 5 write capacity units)
         * @return this builder
         */
        public Builder billingMode(BillingMode mode) {
            this.billingMode = Objects.requireNonNull(mode, "billingMode must not be null");
            return this;
        }

        /**
         * @param key the KMS key (from {@link KeyStore#key}) that encrypts the table at rest
         * @return this builder
         */
        public Builder encryptedWith(KmsKey key) {
            this.key = Objects.requireNonNull(key, "key must not be null");
            return this;
        }

        /**
         * @return the definition
         * @throws IllegalStateException naming every missing setting
         */
        public TableDefinition build() {
            StringBuilder missing = new StringBuilder();
            if (partitionKey == null) {
                missing.append("partitionKey");
            }
            if (key == null) {
                missing.append(missing.length() > 0 ? ", " : "").append("encryptedWith (the KMS key)");
            }
            if (missing.length() > 0) {
                throw new IllegalStateException("TableDefinition is missing " + missing);
            }
            return new TableDefinition(this);
        }
    }
}
