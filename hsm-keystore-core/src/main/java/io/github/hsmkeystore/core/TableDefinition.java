package io.github.hsmkeystore.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableClass;

/**
 * How to create an encrypted table, and what an existing one must match: keys, secondary indexes, billing mode and
 * throughput, TTL, deletion protection, point-in-time recovery, tags, table class, and the KMS key that encrypts it
 * at rest. A setting left unset is neither sent nor checked (DynamoDB's default applies).
 *
 * <pre>{@code
 * t -> t.partitionKey("id", ScalarAttributeType.S)
 *       .globalSecondaryIndex("by-customer", i -> i.partitionKey("customer", ScalarAttributeType.S))
 *       .timeToLive("expiresAt").deletionProtection(true).pointInTimeRecovery(true)
 *       .tag("team", "orders").encryptedWith(key)
 * }</pre>
 */
public final class TableDefinition {
    private final String partitionKey;
    private final ScalarAttributeType partitionKeyType;
    private final String sortKey;
    private final ScalarAttributeType sortKeyType;
    private final BillingMode billingMode;
    private final ProvisionedThroughput throughput;
    private final List<IndexDefinition> indexes;
    private final String timeToLiveAttribute;
    private final Boolean deletionProtection;
    private final Boolean pointInTimeRecovery;
    private final Map<String, String> tags;
    private final TableClass tableClass;
    private final KmsKey key;

    private TableDefinition(Builder b, List<IndexDefinition> indexes) {
        this.partitionKey = b.partitionKey;
        this.partitionKeyType = b.partitionKeyType;
        this.sortKey = b.sortKey;
        this.sortKeyType = b.sortKeyType;
        this.billingMode = b.billingMode;
        this.throughput = b.billingMode == BillingMode.PROVISIONED && b.throughput == null
                ? ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(5L).build() : b.throughput;
        this.indexes = List.copyOf(indexes);
        this.timeToLiveAttribute = b.timeToLiveAttribute;
        this.deletionProtection = b.deletionProtection;
        this.pointInTimeRecovery = b.pointInTimeRecovery;
        this.tags = Map.copyOf(b.tags);
        this.tableClass = b.tableClass;
        this.key = b.key;
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a definition from a consumer of its builder.
     *
     * @param spec sets the properties
     * @return the definition
     * @throws IllegalStateException naming every problem
     */
    public static TableDefinition of(Consumer<Builder> spec) {
        Builder b = builder();
        spec.accept(b);
        return b.build();
    }

    /**
     * The partition key attribute.
     *
     * @return the attribute name
     */
    public String partitionKey() {
        return partitionKey;
    }

    /**
     * The partition key's type.
     *
     * @return S, N or B
     */
    public ScalarAttributeType partitionKeyType() {
        return partitionKeyType;
    }

    /**
     * The sort key attribute.
     *
     * @return the attribute name, or empty for a table without sort key
     */
    public Optional<String> sortKey() {
        return Optional.ofNullable(sortKey);
    }

    /**
     * The sort key's type.
     *
     * @return S, N or B, or empty without sort key
     */
    public Optional<ScalarAttributeType> sortKeyType() {
        return Optional.ofNullable(sortKeyType);
    }

    /**
     * The billing mode.
     *
     * @return PAY_PER_REQUEST (default) or PROVISIONED
     */
    public BillingMode billingMode() {
        return billingMode;
    }

    /**
     * The table's throughput.
     *
     * @return the throughput of a PROVISIONED table (default 5 read, 5 write units), empty for PAY_PER_REQUEST
     */
    public Optional<ProvisionedThroughput> provisionedThroughput() {
        return Optional.ofNullable(throughput);
    }

    /**
     * The secondary indexes, global and local, in the order given.
     *
     * @return the indexes
     */
    public List<IndexDefinition> indexes() {
        return indexes;
    }

    /**
     * The TTL attribute.
     *
     * @return the attribute that holds each item's expiry (epoch seconds), or empty when TTL is not required
     */
    public Optional<String> timeToLiveAttribute() {
        return Optional.ofNullable(timeToLiveAttribute);
    }

    /**
     * Whether deletion protection is required on or off.
     *
     * @return the wanted setting, or empty when not checked (created off, DynamoDB's default)
     */
    public Optional<Boolean> deletionProtection() {
        return Optional.ofNullable(deletionProtection);
    }

    /**
     * Whether point-in-time recovery is required on or off.
     *
     * @return the wanted setting, or empty when not checked (created off, DynamoDB's default)
     */
    public Optional<Boolean> pointInTimeRecovery() {
        return Optional.ofNullable(pointInTimeRecovery);
    }

    /**
     * Tags put on a new table and required on an existing one (other tags are allowed).
     *
     * @return the tags
     */
    public Map<String, String> tags() {
        return tags;
    }

    /**
     * The table class.
     *
     * @return STANDARD or STANDARD_INFREQUENT_ACCESS, or empty when not checked (created STANDARD)
     */
    public Optional<TableClass> tableClass() {
        return Optional.ofNullable(tableClass);
    }

    /**
     * The KMS key the table must be encrypted with.
     *
     * @return the key
     */
    public KmsKey key() {
        return key;
    }

    @Override
    public String toString() {
        return "TableDefinition[partitionKey=" + partitionKey + ", sortKey=" + sortKey + ", billingMode=" + billingMode
                + ", indexes=" + indexes + ", ttl=" + timeToLiveAttribute + ", deletionProtection=" + deletionProtection
                + ", pitr=" + pointInTimeRecovery + ", tags=" + tags.keySet() + ", tableClass=" + tableClass
                + ", key=" + (key == null ? null : key.arn()) + "]";
    }

    /** Builds a {@link TableDefinition}; {@link #build()} checks every setting and names every problem. */
    public static final class Builder {
        private static final int MAX_GLOBAL_INDEXES = 20;
        private static final int MAX_LOCAL_INDEXES = 5;
        private String partitionKey;
        private ScalarAttributeType partitionKeyType;
        private String sortKey;
        private ScalarAttributeType sortKeyType;
        private BillingMode billingMode = BillingMode.PAY_PER_REQUEST;
        private ProvisionedThroughput throughput;
        private final List<IndexDefinition.Builder> indexes = new ArrayList<>();
        private String timeToLiveAttribute;
        private Boolean deletionProtection;
        private Boolean pointInTimeRecovery;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private TableClass tableClass;
        private KmsKey key;

        private Builder() {
        }

        /**
         * Sets the partition key.
         *
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
         * Sets the sort key.
         *
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
         * Sets the billing mode.
         *
         * @param mode PAY_PER_REQUEST (default) or PROVISIONED (then 5 read and 5 write units unless
         *     {@link #provisionedThroughput} says otherwise)
         * @return this builder
         */
        public Builder billingMode(BillingMode mode) {
            this.billingMode = Objects.requireNonNull(mode, "billingMode must not be null");
            return this;
        }

        /**
         * Sets the throughput of a PROVISIONED table (and of its global indexes that set none).
         *
         * @param readCapacityUnits at least 1
         * @param writeCapacityUnits at least 1
         * @return this builder
         */
        public Builder provisionedThroughput(long readCapacityUnits, long writeCapacityUnits) {
            this.throughput = ProvisionedThroughput.builder().readCapacityUnits(readCapacityUnits)
                    .writeCapacityUnits(writeCapacityUnits).build();
            return this;
        }

        /**
         * Adds a global secondary index.
         *
         * @param name the index name
         * @param index sets its partition key (required), sort key, projection and throughput
         * @return this builder
         */
        public Builder globalSecondaryIndex(String name, Consumer<IndexDefinition.Builder> index) {
            IndexDefinition.Builder b = new IndexDefinition.Builder(name, true);
            index.accept(b);
            indexes.add(b);
            return this;
        }

        /**
         * Adds a local secondary index: the table's partition key with another sort key (the table needs a sort key).
         *
         * @param name the index name
         * @param index sets its sort key (required) and projection
         * @return this builder
         */
        public Builder localSecondaryIndex(String name, Consumer<IndexDefinition.Builder> index) {
            IndexDefinition.Builder b = new IndexDefinition.Builder(name, false);
            index.accept(b);
            indexes.add(b);
            return this;
        }

        /**
         * Requires TTL on this attribute (enabled after creation with UpdateTimeToLive).
         *
         * @param attribute the attribute holding each item's expiry, in epoch seconds
         * @return this builder
         */
        public Builder timeToLive(String attribute) {
            this.timeToLiveAttribute = Objects.requireNonNull(attribute, "attribute must not be null");
            return this;
        }

        /**
         * Requires deletion protection on or off.
         *
         * @param enabled whether DeleteTable must be refused
         * @return this builder
         */
        public Builder deletionProtection(boolean enabled) {
            this.deletionProtection = enabled;
            return this;
        }

        /**
         * Requires point-in-time recovery on or off (enabled after creation with UpdateContinuousBackups).
         *
         * @param enabled whether PITR must be enabled
         * @return this builder
         */
        public Builder pointInTimeRecovery(boolean enabled) {
            this.pointInTimeRecovery = enabled;
            return this;
        }

        /**
         * Adds a tag, put on a new table and required on an existing one.
         *
         * @param key the tag key
         * @param value the tag value
         * @return this builder
         */
        public Builder tag(String key, String value) {
            tags.put(Objects.requireNonNull(key, "tag key must not be null"), Objects.requireNonNull(value, "tag value must not be null"));
            return this;
        }

        /**
         * Requires a table class.
         *
         * @param tableClass STANDARD or STANDARD_INFREQUENT_ACCESS
         * @return this builder
         */
        public Builder tableClass(TableClass tableClass) {
            this.tableClass = Objects.requireNonNull(tableClass, "tableClass must not be null");
            return this;
        }

        /**
         * Sets the KMS key that encrypts the table at rest.
         *
         * @param key the KMS key (from {@link ProvisionedKeyStore#key})
         * @return this builder
         */
        public Builder encryptedWith(KmsKey key) {
            this.key = Objects.requireNonNull(key, "key must not be null");
            return this;
        }

        /**
         * Checks every setting and builds the definition.
         *
         * @return the definition
         * @throws IllegalStateException naming every problem
         */
        public TableDefinition build() {
            List<String> problems = new ArrayList<>();
            if (partitionKey == null) {
                problems.add("partitionKey is missing");
            }
            if (key == null) {
                problems.add("encryptedWith (the KMS key) is missing");
            }
            if (throughput != null && billingMode != BillingMode.PROVISIONED) {
                problems.add("provisionedThroughput needs billingMode(PROVISIONED)");
            }
            List<IndexDefinition> built = new ArrayList<>();
            Map<String, ScalarAttributeType> types = new LinkedHashMap<>();
            type(types, partitionKey, partitionKeyType, problems);
            type(types, sortKey, sortKeyType, problems);
            java.util.Set<String> names = new java.util.HashSet<>();
            for (IndexDefinition.Builder ib : indexes) {
                IndexDefinition i = ib.build(partitionKey, partitionKeyType);
                built.add(i);
                if (!names.add(i.name())) {
                    problems.add("two indexes are named " + i.name());
                }
                if (i.global() && i.partitionKey() == null) {
                    problems.add("global index " + i.name() + " has no partitionKey");
                }
                if (!i.global() && (sortKey == null || i.sortKey().isEmpty())) {
                    problems.add("local index " + i.name() + " needs a sortKey and a table with a sort key");
                }
                if (i.provisionedThroughput().isPresent() && (!i.global() || billingMode != BillingMode.PROVISIONED)) {
                    problems.add("index " + i.name() + " sets provisionedThroughput, allowed only on a global index of a"
                            + " PROVISIONED table");
                }
                type(types, i.partitionKey(), i.partitionKeyType(), problems);
                type(types, i.sortKey().orElse(null), i.sortKeyType().orElse(null), problems);
            }
            if (built.stream().filter(IndexDefinition::global).count() > MAX_GLOBAL_INDEXES) {
                problems.add("more than " + MAX_GLOBAL_INDEXES + " global indexes (DynamoDB's default quota)");
            }
            if (built.stream().filter(i -> !i.global()).count() > MAX_LOCAL_INDEXES) {
                problems.add("more than " + MAX_LOCAL_INDEXES + " local indexes (DynamoDB's limit)");
            }
            if (timeToLiveAttribute != null && timeToLiveAttribute.isEmpty()) {
                problems.add("timeToLive attribute is empty");
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Invalid TableDefinition: " + String.join("; ", problems));
            }
            return new TableDefinition(this, built);
        }

        private static void type(Map<String, ScalarAttributeType> types, String name, ScalarAttributeType type,
                                 List<String> problems) {
            if (name == null) {
                return;
            }
            ScalarAttributeType old = types.putIfAbsent(name, type);
            if (old != null && old != type) {
                problems.add("attribute " + name + " is used as " + old + " and as " + type);
            }
        }
    }
}
