package io.github.hsmkeystore.clientside;

/**
 * The KMS key that protects the items (or the branch keys) is disabled (KMS answered DisabledException); fix: EnableKey.
 */
public final class KmsKeyDisabledException extends ClientSideEncryptionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and the fix
     * @param cause the DB-ESDK or AWS SDK exception
     */
    public KmsKeyDisabledException(String message, Throwable cause) {
        super(message, cause);
    }
}
