package io.github.hsmkeystore.core;

import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * A KMS key exists but cannot encrypt or decrypt now: its state is not {@code Enabled}, or its custom key store is not
 * {@code CONNECTED}. Thrown by provisioning (which never reports success with such a key) and by table verification
 * (which fails closed); the message names the state and the fix.
 */
public class KeyNotUsableException extends KeyStoreStateException {
    private static final long serialVersionUID = 1L;
    /** The key's state as DescribeKey reported it. */
    private final KeyState keyState;
    /** The connection state of the key's custom key store, or null for a standard key. */
    private final ConnectionStateType storeConnectionState;

    /**
     * Creates the exception.
     *
     * @param keyId the key that cannot be used
     * @param keyState the key's state as DescribeKey reports it
     * @param storeConnectionState the connection state of the key's custom key store, or null for a standard key
     * @param message what was observed and what to do
     */
    public KeyNotUsableException(String keyId, KeyState keyState, ConnectionStateType storeConnectionState, String message) {
        super(keyId, message, null);
        this.keyState = Objects.requireNonNull(keyState, "keyState must not be null");
        this.storeConnectionState = storeConnectionState;
    }

    /**
     * The key's state as DescribeKey reported it.
     *
     * @return the key state, e.g. {@link KeyState#DISABLED}
     */
    public KeyState keyState() {
        return keyState;
    }

    /**
     * The connection state of the key's custom key store.
     *
     * @return the state, or empty for a standard KMS key
     */
    public Optional<ConnectionStateType> storeConnectionState() {
        return Optional.ofNullable(storeConnectionState);
    }
}
