package io.github.hsmkeystore.core;

import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * A KMS key provisioned by hsm-keystore. No component is ever null: a key outside a custom key store has an empty
 * {@link #customKeyStoreId()}.
 *
 * @param keyId the key id (UUID)
 * @param arn the key ARN
 * @param alias the alias that names it, e.g. {@code alias/orders}
 * @param origin where its material lives: {@link OriginType#AWS_CLOUDHSM} (a CloudHSM key store) or
 *     {@link OriginType#AWS_KMS} (standard)
 * @param customKeyStoreId the custom key store that holds it, or empty for a standard key
 */
public record KmsKey(String keyId, String arn, String alias, OriginType origin, Optional<String> customKeyStoreId) {
    /**
     * Checks that no component is null.
     *
     * @param keyId the key id (UUID)
     * @param arn the key ARN
     * @param alias the alias that names it, e.g. {@code alias/orders}
     * @param origin where its material lives: {@link OriginType#AWS_CLOUDHSM} (a CloudHSM key store) or
     *     {@link OriginType#AWS_KMS} (standard)
     * @param customKeyStoreId the custom key store that holds it, or empty for a standard key
     */
    public KmsKey {
        Objects.requireNonNull(keyId, "keyId must not be null");
        Objects.requireNonNull(arn, "arn must not be null");
        Objects.requireNonNull(alias, "alias must not be null");
        Objects.requireNonNull(origin, "origin must not be null");
        Objects.requireNonNull(customKeyStoreId, "customKeyStoreId must not be null (use Optional.empty())");
    }

    /**
     * Returns whether the key material is held by a CloudHSM cluster (origin AWS_CLOUDHSM).
     *
     * @return whether the key material is held by a CloudHSM cluster (origin AWS_CLOUDHSM)
     */
    public boolean cloudHsmBacked() {
        return origin == OriginType.AWS_CLOUDHSM;
    }
}
