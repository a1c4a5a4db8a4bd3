package io.github.hsmkeystore.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A KMS key provisioned by hsm-keystore.
 *
 * @param keyId the key id (UUID)
 * @param arn the key ARN
 * @param alias the alias that names it, e.g. {@code alias/orders}
 * @param origin where its material lives: {@code AWS_CLOUDHSM} (a CloudHSM key store) or {@code AWS_KMS} (standard)
 * @param customKeyStoreId the custom key store that holds it, or null for a standard key
 */
public record KmsKey(String keyId, String arn, String alias, String origin, String customKeyStoreId) {
    /**
     * Checks non-null components; {@code customKeyStoreId} is null exactly for keys outside a custom key store.
     *
     * @param keyId the key id (UUID)
     * @param arn the key ARN
     * @param alias the alias that names it, e.g. {@code alias/orders}
     * @param origin where its material lives: {@code AWS_CLOUDHSM} (a CloudHSM key store) or {@code AWS_KMS} (standard)
     * @param customKeyStoreId the custom key store that holds it, or null for a standard key
     */
    public KmsKey {
        Objects.requireNonNull(keyId, "keyId must not be null");
        Objects.requireNonNull(arn, "arn must not be null");
        Objects.requireNonNull(alias, "alias must not be null");
        Objects.requireNonNull(origin, "origin must not be null");
    }

    /**
     * Returns whether the key material is held by a CloudHSM cluster (origin AWS_CLOUDHSM).
     *
     * @return whether the key material is held by a CloudHSM cluster (origin AWS_CLOUDHSM)
     */
    public boolean cloudHsmBacked() {
        return "AWS_CLOUDHSM".equals(origin);
    }

    /**
     * Returns the custom key store id, or empty for a standard key.
     *
     * @return the custom key store id, or empty for a standard key
     */
    public Optional<String> customKeyStore() {
        return Optional.ofNullable(customKeyStoreId);
    }
}
