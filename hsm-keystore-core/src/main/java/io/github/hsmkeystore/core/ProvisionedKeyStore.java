package io.github.hsmkeystore.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A provisioned key store: a CONNECTED CloudHSM custom key store with its keys, or a set of standard KMS keys.
 * Both kinds offer the same API so they can be compared side by side.
 *
 * <pre>{@code
 * ProvisionedKeyStore store = KeyStoreBuilder.cloudHsm(hsm, kms)...provision();
 * KmsKey key = store.key(k -> k.alias("alias/orders").description("orders table"));
 * }</pre>
 */
public final class ProvisionedKeyStore {
    private final Kind kind;
    private final String customKeyStoreId;
    private final String customKeyStoreName;
    private final String clusterId;
    private final List<KmsKey> keys;
    private final Function<KeyDefinition, KmsKey> keyMaker;

    ProvisionedKeyStore(Kind kind, String customKeyStoreId, String customKeyStoreName, String clusterId, List<KmsKey> keys,
             Function<KeyDefinition, KmsKey> keyMaker) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.customKeyStoreId = customKeyStoreId;
        this.customKeyStoreName = customKeyStoreName;
        this.clusterId = clusterId;
        this.keys = new ArrayList<>(keys);
        this.keyMaker = keyMaker;
    }

    /** Where the keys live. */
    public enum Kind {
        /** A KMS custom key store backed by a CloudHSM cluster. */
        CLOUD_HSM,
        /** Standard KMS keys on AWS-managed HSMs. */
        STANDARD_KMS
    }

    /**
     * Returns the kind of store.
     *
     * @return the kind of store
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the custom key store id ({@code cks-...}), or empty for standard KMS.
     *
     * @return the custom key store id ({@code cks-...}), or empty for standard KMS
     */
    public Optional<String> customKeyStoreId() {
        return Optional.ofNullable(customKeyStoreId);
    }

    /**
     * Returns the custom key store name, or empty for standard KMS.
     *
     * @return the custom key store name, or empty for standard KMS
     */
    public Optional<String> customKeyStoreName() {
        return Optional.ofNullable(customKeyStoreName);
    }

    /**
     * Returns the CloudHSM cluster id, or empty for standard KMS.
     *
     * @return the CloudHSM cluster id, or empty for standard KMS
     */
    public Optional<String> clusterId() {
        return Optional.ofNullable(clusterId);
    }

    /**
     * Returns the keys provisioned or added so far.
     *
     * @return the keys provisioned or added so far
     */
    public synchronized List<KmsKey> keys() {
        return List.copyOf(keys);
    }

    /**
     * The key with this alias among {@link #keys()}.
     *
     * @param alias the alias
     * @return the key, or empty
     */
    public synchronized Optional<KmsKey> findKey(String alias) {
        Objects.requireNonNull(alias, "alias must not be null");
        return keys.stream().filter(k -> k.alias().equals(alias)).findFirst();
    }

    /**
     * Finds the key with the definition's alias, or creates it (with its alias) in this store.
     *
     * @param definition sets the key's properties; the alias is required
     * @return the key
     * @throws InvalidConfigurationException if the definition breaks a rule of this kind of store
     * @throws HsmKeyStoreException if an AWS call fails
     */
    public KmsKey key(Consumer<KeyDefinition.Builder> definition) {
        KmsKey key = keyMaker.apply(KeyDefinition.of(definition));
        synchronized (this) {
            keys.removeIf(k -> k.alias().equals(key.alias()));
            keys.add(key);
        }
        return key;
    }

    @Override
    public String toString() {
        return "ProvisionedKeyStore[kind=" + kind + ", customKeyStoreId=" + customKeyStoreId + ", name=" + customKeyStoreName
                + ", clusterId=" + clusterId + ", keys=" + keys() + "]";
    }
}
