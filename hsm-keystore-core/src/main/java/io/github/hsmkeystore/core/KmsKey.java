package io.github.hsmkeystore.core;

import java.util.Objects;

/**
 * A KMS key provisioned by hsm-keystore.
 *
 * @param keyId the key id (UUID)
 * @param arn the key ARN
 * @param alias the alias that names it, e.g. {@code alias/orders}
 */
public record KmsKey(String keyId, String arn, String alias) {
    /** Checks non-null components. */
    public KmsKey {
        Objects.requireNonNull(keyId, "keyId must not be null");
        Objects.requireNonNull(arn, "arn must not be null");
        Objects.requireNonNull(alias, "alias must not be null");
    }
}
