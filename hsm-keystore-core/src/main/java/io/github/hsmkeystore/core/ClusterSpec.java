package io.github.hsmkeystore.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterMode;

/**
 * A new CloudHSM cluster: HSM type, mode, subnets (one per Availability Zone) and how many HSMs to run.
 *
 * <pre>{@code
 * ClusterSpec.builder().hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d", "subnet-4e5f6a7b").hsmCount(2).build();
 * }</pre>
 */
public final class ClusterSpec {
    private final String hsmType;
    private final ClusterMode mode;
    private final List<String> subnetIds;
    private final Map<String, String> subnetAvailabilityZones;
    private final int hsmCount;

    private ClusterSpec(Builder b) {
        this.hsmType = b.hsmType;
        this.mode = b.mode;
        this.subnetIds = List.copyOf(b.subnetIds);
        this.subnetAvailabilityZones = Map.copyOf(b.subnetAvailabilityZones);
        this.hsmCount = b.hsmCount;
    }

    /**
     * Returns a builder with the defaults (hsm2m.medium, FIPS, 2 HSMs).
     *
     * @return a builder with the defaults (hsm2m.medium, FIPS, 2 HSMs)
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder with this spec's values.
     *
     * @return a builder with this spec's values
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.hsmType = hsmType;
        b.mode = mode;
        b.subnetIds.addAll(subnetIds);
        b.subnetAvailabilityZones.putAll(subnetAvailabilityZones);
        b.hsmCount = hsmCount;
        return b;
    }

    /**
     * Returns the HSM type, e.g. {@code hsm2m.medium}.
     *
     * @return the HSM type, e.g. {@code hsm2m.medium}
     */
    public String hsmType() {
        return hsmType;
    }

    /**
     * Returns the cluster mode (FIPS or NON_FIPS).
     *
     * @return the cluster mode (FIPS or NON_FIPS)
     */
    public ClusterMode mode() {
        return mode;
    }

    /**
     * Returns the subnet ids, one per Availability Zone.
     *
     * @return the subnet ids, one per Availability Zone
     */
    public List<String> subnetIds() {
        return subnetIds;
    }

    /**
     * Returns the known Availability Zone of each subnet (may be empty when unknown).
     *
     * @return the known Availability Zone of each subnet (may be empty when unknown)
     */
    public Map<String, String> subnetAvailabilityZones() {
        return subnetAvailabilityZones;
    }

    /**
     * Returns how many HSMs the cluster should have, spread over its Availability Zones.
     *
     * @return how many HSMs the cluster should have, spread over its Availability Zones
     */
    public int hsmCount() {
        return hsmCount;
    }

    @Override
    public String toString() {
        return "ClusterSpec[hsmType=" + hsmType + ", mode=" + mode + ", subnetIds=" + subnetIds + ", hsmCount=" + hsmCount + "]";
    }

    /** Builds a {@link ClusterSpec}; values are checked by the key store builder, all at once. */
    public static final class Builder {
        private String hsmType = "hsm2m.medium";
        private ClusterMode mode = ClusterMode.FIPS;
        private final List<String> subnetIds = new ArrayList<>();
        private final Map<String, String> subnetAvailabilityZones = new LinkedHashMap<>();
        private int hsmCount = 2;

        private Builder() {
        }

        /**
         * Sets the HSM type: {@code hsm2m.medium} (the default; {@code hsm1.medium} is refused for new clusters since its end of life).
         *
         * @param hsmType {@code hsm2m.medium} (the default; {@code hsm1.medium} is refused for new clusters since its end of life)
         * @return this builder
         */
        public Builder hsmType(String hsmType) {
            this.hsmType = Objects.requireNonNull(hsmType, "hsmType must not be null");
            return this;
        }

        /**
         * Sets the cluster mode: FIPS (default) or NON_FIPS (hsm2m.medium only).
         *
         * @param mode FIPS (default) or NON_FIPS (hsm2m.medium only)
         * @return this builder
         */
        public Builder mode(ClusterMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode must not be null");
            return this;
        }

        /**
         * Replaces the subnets.
         *
         * @param subnetIds private subnets in one VPC, one per Availability Zone
         * @return this builder
         */
        public Builder subnetIds(String... subnetIds) {
            return subnetIds(Arrays.asList(subnetIds));
        }

        /**
         * Replaces the subnets.
         *
         * @param subnetIds private subnets in one VPC, one per Availability Zone
         * @return this builder
         */
        public Builder subnetIds(List<String> subnetIds) {
            Objects.requireNonNull(subnetIds, "subnetIds must not be null");
            subnetIds.forEach(s -> Objects.requireNonNull(s, "subnetIds must not contain null"));
            this.subnetIds.clear();
            this.subnetIds.addAll(subnetIds);
            return this;
        }

        /**
         * Adds a subnet with its known Availability Zone, so validation can check the two-AZ rule exactly.
         *
         * @param subnetId the subnet
         * @param availabilityZone its zone, e.g. {@code us-east-1a}
         * @return this builder
         */
        public Builder addSubnet(String subnetId, String availabilityZone) {
            Objects.requireNonNull(subnetId, "subnetId must not be null");
            Objects.requireNonNull(availabilityZone, "availabilityZone must not be null");
            if (!subnetIds.contains(subnetId)) {
                subnetIds.add(subnetId);
            }
            subnetAvailabilityZones.put(subnetId, availabilityZone);
            return this;
        }

        /**
         * Sets how many HSMs to run (default 2; KMS needs at least 2 in different zones).
         *
         * @param hsmCount HSMs to run (default 2; KMS needs at least 2 in different zones)
         * @return this builder
         */
        public Builder hsmCount(int hsmCount) {
            this.hsmCount = hsmCount;
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         */
        public ClusterSpec build() {
            return new ClusterSpec(this);
        }
    }
}
