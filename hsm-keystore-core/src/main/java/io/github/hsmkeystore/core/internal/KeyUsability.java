package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.KeyNotUsableException;
import io.github.hsmkeystore.core.Step;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * Fails closed unless a key can be used for cryptography now: KeyState {@code Enabled} and, for a key in a custom key
 * store, the store {@code CONNECTED} (aws-semantics 2.6 and 3.7: a disconnected store makes its keys Unavailable,
 * Disabled and PendingDeletion keys refuse every cryptographic operation).
 */
public final class KeyUsability {
    private KeyUsability() {
    }

    /**
     * Throws {@link KeyNotUsableException} naming the state and the fix unless the key is usable.
     *
     * @param kms the KMS client, to read the custom key store's connection state
     * @param key the key's DescribeKey metadata
     * @param context who needs the key, e.g. "Table orders" or "Alias alias/orders", starts the message
     * @param step the step, for a failing read
     */
    public static void require(KmsClient kms, KeyMetadata key, String context, Step step) {
        ConnectionStateType connection = null;
        String storeId = key.customKeyStoreId();
        if (storeId != null) {
            CustomKeyStoresListEntry store = AwsCalls.call(step, storeId, "DescribeCustomKeyStores " + storeId,
                    () -> kms.describeCustomKeyStores(r -> r.customKeyStoreId(storeId)).customKeyStores()).stream()
                    .findFirst().orElse(null);
            connection = store == null ? ConnectionStateType.UNKNOWN_TO_SDK_VERSION : store.connectionState();
            if (connection != ConnectionStateType.CONNECTED) {
                throw new KeyNotUsableException(key.keyId(), key.keyState(), connection, context + " needs KMS key "
                        + key.arn() + ", whose custom key store " + storeId + " is "
                        + (store == null ? "not found" : store.connectionStateAsString()) + ", not CONNECTED (key state "
                        + key.keyStateAsString() + "): no cryptographic operation can use the key. Fix: "
                        + connectFix(store) + ", wait until it is CONNECTED, then try again.");
            }
        }
        if (key.keyState() != KeyState.ENABLED) {
            throw new KeyNotUsableException(key.keyId(), key.keyState(), connection, context + " needs KMS key "
                    + key.arn() + ", whose state is " + key.keyStateAsString() + ", not Enabled. Fix: " + stateFix(key)
                    + ", then try again.");
        }
    }

    private static String connectFix(CustomKeyStoresListEntry store) {
        if (store == null) {
            return "recreate the custom key store (provision() again)";
        }
        if (store.connectionState() == ConnectionStateType.FAILED) {
            return "read its ConnectionErrorCode (" + store.connectionErrorCodeAsString() + "), fix the cause, "
                    + "DisconnectCustomKeyStore then ConnectCustomKeyStore (provision() does both)";
        }
        return "ConnectCustomKeyStore (provision() connects it)";
    }

    private static String stateFix(KeyMetadata key) {
        return switch (key.keyState()) {
            case DISABLED -> "enable it (EnableKey " + key.keyId() + ") if it was not disabled on purpose";
            case PENDING_DELETION -> "cancel its deletion (CancelKeyDeletion, then EnableKey " + key.keyId()
                    + ") before " + key.deletionDate() + ", or use another key";
            case UNAVAILABLE -> "reconnect its custom key store";
            case CREATING, UPDATING, PENDING_IMPORT -> "wait until the key is Enabled (or import its key material)";
            default -> "make the key Enabled or use another key";
        };
    }
}
