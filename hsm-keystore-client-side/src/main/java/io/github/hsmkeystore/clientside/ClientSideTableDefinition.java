package io.github.hsmkeystore.clientside;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a client-side encrypted table adds to its item type: explicit attribute actions (over the type's annotations),
 * the algorithm suite and standard beacons.
 *
 * <pre>{@code
 * d -> d.encryptAndSign("creditCard").doNothing("note")
 *       .suffixBeacon("cardLast4", "creditCard", 4, 10)
 *       .algorithmSuite(AlgorithmSuite.SYMMETRIC_SIGNATURE_ONLY)
 * }</pre>
 */
public final class ClientSideTableDefinition {
    /**
     * A standard beacon: a truncated HMAC of an encrypted value (or of its last {@code suffixLength} characters),
     * stored as {@code aws_dbe_b_<name>} and indexed by the GSI {@code <name>-index} for exact-match queries.
     *
     * @param name the beacon name, used in queries
     * @param source the ENCRYPT_AND_SIGN attribute it is computed from
     * @param suffixLength the number of trailing characters of {@code source} it covers, or 0 for the whole value
     * @param length the beacon length in bits (1 to 63): see docs/client-side-encryption.md, "Beacon length"
     */
    public record Beacon(String name, String source, int suffixLength, int length) {
        /**
         * Checks the ranges DB-ESDK accepts.
         *
         * @param name the beacon name, used in queries
         * @param source the ENCRYPT_AND_SIGN attribute it is computed from
         * @param suffixLength the number of trailing characters of {@code source} it covers, or 0 for the whole value
         * @param length the beacon length in bits (1 to 63): see docs/client-side-encryption.md, "Beacon length"
         */
        public Beacon {
            Objects.requireNonNull(name, "name must not be null");
            Objects.requireNonNull(source, "source must not be null");
            if (length < 1 || length > 63) {
                throw new IllegalArgumentException("Beacon '" + name + "' length " + length + " bits: DB-ESDK accepts 1 to 63");
            }
            if (suffixLength < 0) {
                throw new IllegalArgumentException("Beacon '" + name + "' suffixLength must be >= 0");
            }
            if (name.startsWith("aws_dbe_")) {
                throw new IllegalArgumentException("Beacon name '" + name + "': the prefix aws_dbe_ is reserved by DB-ESDK");
            }
        }

        /**
         * Returns the name of the GSI that indexes the beacon.
         *
         * @return the name of the GSI that indexes the beacon
         */
        public String indexName() {
            return name + "-index";
        }

        /**
         * Returns the attribute DB-ESDK stores the beacon in.
         *
         * @return the attribute DB-ESDK stores the beacon in
         */
        public String attributeName() {
            return "aws_dbe_b_" + name;
        }
    }

    private final Map<String, AttributeAction> actions;
    private final List<Beacon> beacons;
    private final AlgorithmSuite algorithmSuite;

    private ClientSideTableDefinition(Builder b) {
        this.actions = Collections.unmodifiableMap(new LinkedHashMap<>(b.actions));
        this.beacons = List.copyOf(b.beacons);
        this.algorithmSuite = b.algorithmSuite;
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
     * Returns the explicit actions, by attribute.
     *
     * @return the explicit actions, by attribute
     */
    public Map<String, AttributeAction> actions() {
        return actions;
    }

    /**
     * Returns the standard beacons.
     *
     * @return the standard beacons
     */
    public List<Beacon> beacons() {
        return beacons;
    }

    /**
     * Returns the algorithm suite.
     *
     * @return the algorithm suite
     */
    public AlgorithmSuite algorithmSuite() {
        return algorithmSuite;
    }

    /** Builds a {@link ClientSideTableDefinition}. */
    public static final class Builder {
        private final Map<String, AttributeAction> actions = new LinkedHashMap<>();
        private final List<Beacon> beacons = new ArrayList<>();
        private AlgorithmSuite algorithmSuite = AlgorithmSuite.ECDSA_P384_SIGNED;

        private Builder() {
        }

        /**
         * Marks an attribute to encrypt and sign (the default for non-key attributes).
         *
         * @param attribute an attribute to encrypt and sign (the default for non-key attributes)
         * @return this builder
         */
        public Builder encryptAndSign(String attribute) {
            return action(attribute, AttributeAction.ENCRYPT_AND_SIGN);
        }

        /**
         * Marks an attribute to store in clear but sign.
         *
         * @param attribute an attribute to store in clear but sign
         * @return this builder
         */
        public Builder signOnly(String attribute) {
            return action(attribute, AttributeAction.SIGN_ONLY);
        }

        /**
         * Marks an attribute to store in clear, unsigned.
         *
         * @param attribute an attribute to store in clear, unsigned
         * @return this builder
         */
        public Builder doNothing(String attribute) {
            return action(attribute, AttributeAction.DO_NOTHING);
        }

        /**
         * Sets what DB-ESDK does with an attribute.
         *
         * @param attribute the attribute
         * @param action what DB-ESDK does with it
         * @return this builder
         */
        public Builder action(String attribute, AttributeAction action) {
            actions.put(Objects.requireNonNull(attribute, "attribute must not be null"),
                    Objects.requireNonNull(action, "action must not be null"));
            return this;
        }

        /**
         * Sets the algorithm suite (default {@link AlgorithmSuite#ECDSA_P384_SIGNED}, DB-ESDK's default).
         *
         * @param suite the algorithm suite (default {@link AlgorithmSuite#ECDSA_P384_SIGNED}, DB-ESDK's default)
         * @return this builder
         */
        public Builder algorithmSuite(AlgorithmSuite suite) {
            this.algorithmSuite = Objects.requireNonNull(suite, "suite must not be null");
            return this;
        }

        /**
         * A standard beacon over a whole encrypted attribute.
         *
         * @param name the beacon name
         * @param source the ENCRYPT_AND_SIGN attribute
         * @param lengthBits the beacon length in bits
         * @return this builder
         */
        public Builder beacon(String name, String source, int lengthBits) {
            beacons.add(new Beacon(name, source, 0, lengthBits));
            return this;
        }

        /**
         * A standard beacon over the last {@code suffixLength} characters of an encrypted attribute (a DB-ESDK virtual
         * field), e.g. a card's last four digits.
         *
         * @param name the beacon (and virtual field) name
         * @param source the ENCRYPT_AND_SIGN attribute
         * @param suffixLength how many trailing characters
         * @param lengthBits the beacon length in bits
         * @return this builder
         */
        public Builder suffixBeacon(String name, String source, int suffixLength, int lengthBits) {
            if (suffixLength < 1) {
                throw new IllegalArgumentException("suffixLength must be >= 1");
            }
            beacons.add(new Beacon(name, source, suffixLength, lengthBits));
            return this;
        }

        /**
         * Builds the definition.
         *
         * @return the definition
         */
        public ClientSideTableDefinition build() {
            return new ClientSideTableDefinition(this);
        }
    }
}
