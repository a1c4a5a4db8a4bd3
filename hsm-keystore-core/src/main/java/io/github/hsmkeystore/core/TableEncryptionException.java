package io.github.hsmkeystore.core;

/**
 * A table is not encrypted the way the caller requires: another KMS key, the AWS owned key, a key of another origin
 * or store, or a key DynamoDB can no longer use. Verification fails closed: the table must not be used.
 */
public class TableEncryptionException extends HsmKeyStoreException {
    private static final long serialVersionUID = 1L;
    /** The table concerned. */
    private final String tableName;

    /**
     * Creates the exception.
     *
     * @param tableName the table
     * @param message what was expected, what was found, and what to do
     * @param cause the SDK exception, or null
     */
    public TableEncryptionException(String tableName, String message, Throwable cause) {
        super(message, cause);
        this.tableName = tableName;
    }

    /**
     * Returns the table that failed verification.
     *
     * @return the table that failed verification
     */
    public String tableName() {
        return tableName;
    }
}
