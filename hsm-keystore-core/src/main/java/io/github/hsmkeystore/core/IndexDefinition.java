package io.github.hsmkeystore.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A secondary index of a {@link TableDefinition}: its keys, projection and (global index of a PROVISIONED table)
 * throughput. Built inside {@link TableDefinition.Builder#globalSecondaryIndex} or
 * {@link TableDefinition.Builder#localSecondaryIndex}.
 *
 * <pre>{@code
 * t -> t.globalSecondaryIndex("by-customer", i -> i.partitionKey("customer", ScalarAttributeType.S)
 *         .sortKey("placedAt", ScalarAttributeType.N).projection(ProjectionType.KEYS_ONLY))
 * }</pre>
 */
public final class IndexDefinition {
    private final String name;
    private final boolean global;
    private final String partitionKey;
    private final ScalarAttributeType partitionKeyType;
    private final String sortKey;
    private final ScalarAttributeType sortKeyType;
    private final ProjectionType projectionType;
    private final List<String> nonKeyAttributes;
    private final ProvisionedThroughput throughput;

    private IndexDefinition(Builder b) {
        this.name = b.name;
        this.global = b.global;
        this.partitionKey = b.partitionKey;
        this.partitionKeyType = b.partitionKeyType;
        this.sortKey = b.sortKey;
        this.sortKeyType = b.sortKeyType;
        this.projectionType = b.projectionType;
        this.nonKeyAttributes = List.copyOf(b.nonKeyAttributes);
        this.throughput = b.throughput;
    }

    /**
     * The index name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Whether this is a global secondary index (else a local one).
     *
     * @return true for a GSI
     */
    public boolean global() {
        return global;
    }

    /**
     * The index's partition key attribute (for a local index, the table's).
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
     * The index's sort key attribute.
     *
     * @return the attribute name, or empty for a GSI without sort key
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
     * Which attributes the index holds.
     *
     * @return ALL (default), KEYS_ONLY or INCLUDE
     */
    public ProjectionType projectionType() {
        return projectionType;
    }

    /**
     * The non-key attributes of an INCLUDE projection.
     *
     * @return the attribute names, empty for ALL and KEYS_ONLY
     */
    public List<String> nonKeyAttributes() {
        return nonKeyAttributes;
    }

    /**
     * The throughput of a global index of a PROVISIONED table.
     *
     * @return the throughput, or empty for the table's (PROVISIONED) or none (PAY_PER_REQUEST, local indexes)
     */
    public Optional<ProvisionedThroughput> provisionedThroughput() {
        return Optional.ofNullable(throughput);
    }

    @Override
    public String toString() {
        return (global ? "GSI " : "LSI ") + name + "[" + partitionKey + (sortKey != null ? ", " + sortKey : "") + ", "
                + projectionType + (nonKeyAttributes.isEmpty() ? "" : " " + nonKeyAttributes) + "]";
    }

    /** Builds an {@link IndexDefinition}; {@link TableDefinition.Builder#build()} checks it with the table. */
    public static final class Builder {
        private final String name;
        private final boolean global;
        private String partitionKey;
        private ScalarAttributeType partitionKeyType;
        private String sortKey;
        private ScalarAttributeType sortKeyType;
        private ProjectionType projectionType = ProjectionType.ALL;
        private List<String> nonKeyAttributes = List.of();
        private ProvisionedThroughput throughput;

        Builder(String name, boolean global) {
            this.name = Objects.requireNonNull(name, "index name must not be null");
            this.global = global;
        }

        /**
         * Sets the partition key (required for a global index; a local index has the table's).
         *
         * @param name the attribute
         * @param type its type (S, N or B)
         * @return this builder
         */
        public Builder partitionKey(String name, ScalarAttributeType type) {
            this.partitionKey = Objects.requireNonNull(name, "partitionKey must not be null");
            this.partitionKeyType = Objects.requireNonNull(type, "partitionKeyType must not be null");
            return this;
        }

        /**
         * Sets the sort key (required for a local index).
         *
         * @param name the attribute
         * @param type its type (S, N or B)
         * @return this builder
         */
        public Builder sortKey(String name, ScalarAttributeType type) {
            this.sortKey = Objects.requireNonNull(name, "sortKey must not be null");
            this.sortKeyType = Objects.requireNonNull(type, "sortKeyType must not be null");
            return this;
        }

        /**
         * Sets the projection to ALL (the default) or KEYS_ONLY; use {@link #include} for INCLUDE.
         *
         * @param type ALL or KEYS_ONLY
         * @return this builder
         */
        public Builder projection(ProjectionType type) {
            Objects.requireNonNull(type, "projection must not be null");
            if (type == ProjectionType.INCLUDE) {
                throw new IllegalArgumentException("Use include(attributes...) for an INCLUDE projection of index " + name);
            }
            this.projectionType = type;
            this.nonKeyAttributes = List.of();
            return this;
        }

        /**
         * Projects the keys and these attributes (projection INCLUDE).
         *
         * @param attributes the non-key attributes, at least one
         * @return this builder
         */
        public Builder include(String... attributes) {
            if (attributes.length == 0) {
                throw new IllegalArgumentException("include() needs at least one attribute for index " + name);
            }
            this.projectionType = ProjectionType.INCLUDE;
            this.nonKeyAttributes = List.of(attributes);
            return this;
        }

        /**
         * Sets the throughput of a global index on a PROVISIONED table (default: the table's).
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

        IndexDefinition build(String tablePartitionKey, ScalarAttributeType tablePartitionKeyType) {
            if (!global && partitionKey == null) {
                partitionKey = tablePartitionKey;
                partitionKeyType = tablePartitionKeyType;
            }
            return new IndexDefinition(this);
        }
    }
}
