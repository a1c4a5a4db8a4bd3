package io.github.hsmkeystore.clientside;

/**
 * The KMS key's custom key store is not connected to its CloudHSM cluster (KMS answered CustomKeyStoreInvalidStateException or KMSInvalidStateException); fix: ConnectCustomKeyStore and wait for CONNECTED.
 */
public final class KeyStoreDisconnectedException extends ClientSideEncryptionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and the fix
     * @param cause the DB-ESDK or AWS SDK exception
     */
    public KeyStoreDisconnectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
