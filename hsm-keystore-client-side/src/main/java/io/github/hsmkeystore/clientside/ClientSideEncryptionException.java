package io.github.hsmkeystore.clientside;

import io.github.hsmkeystore.core.HsmKeyStoreException;

/**
 * A client-side encryption or decryption failed; the subclasses name the causes that have a known fix. The message
 * never contains plaintext or key material.
 */
public class ClientSideEncryptionException extends HsmKeyStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and what to do
     * @param cause the DB-ESDK or AWS SDK exception
     */
    public ClientSideEncryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
