package io.github.hsmkeystore.clientside;

/**
 * The hierarchical keyring's branch key is not in the key store table; fix: create it with BranchKeyStore.createBranchKey and configure its id (or check the key store table name).
 */
public final class BranchKeyMissingException extends ClientSideEncryptionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and the fix
     * @param cause the DB-ESDK or AWS SDK exception
     */
    public BranchKeyMissingException(String message, Throwable cause) {
        super(message, cause);
    }
}
