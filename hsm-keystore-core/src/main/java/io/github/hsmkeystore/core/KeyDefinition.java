package io.github.hsmkeystore.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * A KMS key that provisioning creates or reuses, found by its alias. In a CloudHSM key store only
 * {@code SYMMETRIC_DEFAULT}/{@code ENCRYPT_DECRYPT} keys without multi-Region, imported material or rotation
 * are possible; the builder checks this with every other setting before any AWS call.
 *
 * <pre>{@code
 * KeyDefinition key = KeyDefinition.builder().alias("alias/orders").description("orders table").build();
 * }</pre>
 */
public final class KeyDefinition {
    private final String alias;
    private final String description;
    private final KeySpec keySpec;
    private final KeyUsageType keyUsage;
    private final OriginType origin;
    private final boolean multiRegion;
    private final boolean rotation;
    private final Integer rotationPeriodInDays;
    private final Map<String, String> tags;

    private KeyDefinition(Builder b) {
        this.alias = b.alias;
        this.description = b.description;
        this.keySpec = b.keySpec;
        this.keyUsage = b.keyUsage;
        this.origin = b.origin;
        this.multiRegion = b.multiRegion;
        this.rotation = b.rotation;
        this.rotationPeriodInDays = b.rotationPeriodInDays;
        this.tags = Map.copyOf(b.tags);
    }

    /**
     * Returns a new builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a definition from a consumer of its builder.
     *
     * @param spec sets the properties
     * @return the definition
     */
    public static KeyDefinition of(Consumer<Builder> spec) {
        Builder b = builder();
        spec.accept(b);
        return b.build();
    }

    /**
     * Returns a builder with this definition's values.
     *
     * @return a builder with this definition's values
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.alias = alias;
        b.description = description;
        b.keySpec = keySpec;
        b.keyUsage = keyUsage;
        b.origin = origin;
        b.multiRegion = multiRegion;
        b.rotation = rotation;
        b.rotationPeriodInDays = rotationPeriodInDays;
        b.tags.putAll(tags);
        return b;
    }

    /**
     * Returns the alias, e.g. {@code alias/orders} (always set: {@link Builder#build()} requires it).
     *
     * @return the alias, e.g. {@code alias/orders}
     */
    public String alias() {
        return alias;
    }

    /**
     * Returns the description given to CreateKey.
     *
     * @return the description given to CreateKey
     */
    public String description() {
        return description;
    }

    /**
     * Returns the key spec (default SYMMETRIC_DEFAULT).
     *
     * @return the key spec (default SYMMETRIC_DEFAULT)
     */
    public KeySpec keySpec() {
        return keySpec;
    }

    /**
     * Returns the key usage (default ENCRYPT_DECRYPT).
     *
     * @return the key usage (default ENCRYPT_DECRYPT)
     */
    public KeyUsageType keyUsage() {
        return keyUsage;
    }

    /**
     * Returns the origin requested, or empty for the store's default (AWS_CLOUDHSM or AWS_KMS).
     *
     * @return the origin requested, or empty for the store's default (AWS_CLOUDHSM or AWS_KMS)
     */
    public Optional<OriginType> origin() {
        return Optional.ofNullable(origin);
    }

    /**
     * Returns whether a multi-Region key is requested.
     *
     * @return whether a multi-Region key is requested
     */
    public boolean multiRegion() {
        return multiRegion;
    }

    /**
     * Returns whether automatic rotation is requested (standard KMS keys only).
     *
     * @return whether automatic rotation is requested (standard KMS keys only)
     */
    public boolean rotation() {
        return rotation;
    }

    /**
     * Returns the rotation period in days (90-2560), or empty for the KMS default of 365.
     *
     * @return the rotation period in days (90-2560), or empty for the KMS default of 365
     */
    public Optional<Integer> rotationPeriodInDays() {
        return Optional.ofNullable(rotationPeriodInDays);
    }

    /**
     * Returns extra tags for CreateKey.
     *
     * @return extra tags for CreateKey
     */
    public Map<String, String> tags() {
        return tags;
    }

    @Override
    public String toString() {
        return "KeyDefinition[alias=" + alias + ", keySpec=" + keySpec + ", keyUsage=" + keyUsage + ", origin=" + origin
                + ", multiRegion=" + multiRegion + ", rotation=" + rotation + "]";
    }

    /** Builds a {@link KeyDefinition}; values are checked by the key store builder, all at once. */
    public static final class Builder {
        private String alias;
        private String description = "";
        private KeySpec keySpec = KeySpec.SYMMETRIC_DEFAULT;
        private KeyUsageType keyUsage = KeyUsageType.ENCRYPT_DECRYPT;
        private OriginType origin;
        private boolean multiRegion;
        private boolean rotation;
        private Integer rotationPeriodInDays;
        private final Map<String, String> tags = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets the alias, starting with {@code alias/}.
         *
         * @param alias the alias, starting with {@code alias/}
         * @return this builder
         */
        public Builder alias(String alias) {
            this.alias = Objects.requireNonNull(alias, "alias must not be null");
            return this;
        }

        /**
         * Sets the key description.
         *
         * @param description the key description
         * @return this builder
         */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description must not be null");
            return this;
        }

        /**
         * Sets the key spec.
         *
         * @param keySpec the key spec
         * @return this builder
         */
        public Builder keySpec(KeySpec keySpec) {
            this.keySpec = Objects.requireNonNull(keySpec, "keySpec must not be null");
            return this;
        }

        /**
         * Sets the key usage.
         *
         * @param keyUsage the key usage
         * @return this builder
         */
        public Builder keyUsage(KeyUsageType keyUsage) {
            this.keyUsage = Objects.requireNonNull(keyUsage, "keyUsage must not be null");
            return this;
        }

        /**
         * Sets the key material origin.
         *
         * @param origin the key material origin
         * @return this builder
         */
        public Builder origin(OriginType origin) {
            this.origin = Objects.requireNonNull(origin, "origin must not be null");
            return this;
        }

        /**
         * Sets whether to create a multi-Region key.
         *
         * @param multiRegion whether to create a multi-Region key
         * @return this builder
         */
        public Builder multiRegion(boolean multiRegion) {
            this.multiRegion = multiRegion;
            return this;
        }

        /**
         * Sets whether to enable automatic rotation (standard KMS keys only).
         *
         * @param rotation whether to enable automatic rotation (standard KMS keys only)
         * @return this builder
         */
        public Builder rotation(boolean rotation) {
            this.rotation = rotation;
            return this;
        }

        /**
         * Enables rotation with the given period.
         *
         * @param days 90..2560
         * @return this builder
         */
        public Builder rotationPeriodInDays(int days) {
            this.rotation = true;
            this.rotationPeriodInDays = days;
            return this;
        }

        /**
         * Adds a tag to CreateKey.
         *
         * @param key tag key
         * @param value tag value
         * @return this builder
         */
        public Builder addTag(String key, String value) {
            tags.put(Objects.requireNonNull(key, "key must not be null"), Objects.requireNonNull(value, "value must not be null"));
            return this;
        }

        /**
         * Builds the definition.
         *
         * @return the definition
         * @throws InvalidConfigurationException if no alias was set
         */
        public KeyDefinition build() {
            if (alias == null) {
                throw new InvalidConfigurationException(List.of(
                        "a key has no alias; every key needs one (alias/...) so it can be found again"));
            }
            return new KeyDefinition(this);
        }
    }
}
