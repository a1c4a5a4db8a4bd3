package io.github.hsmkeystore.core;

import java.util.Objects;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;

/**
 * Connecting the custom key store ended in state FAILED. The store was disconnected again so that a retry is
 * possible; {@link #fix()} says what to change first.
 */
public class ConnectionFailedException extends KeyStoreStateException {
    private static final long serialVersionUID = 1L;
    /** The ConnectionErrorCode KMS reported. */
    private final ConnectionErrorCodeType connectionErrorCode;
    /** What to change before the next attempt. */
    private final String fix;

    /**
     * Creates the exception.
     *
     * @param customKeyStoreId the store that failed to connect
     * @param connectionErrorCode the {@code ConnectionErrorCode} KMS reported
     * @param fix what to change before the next attempt
     * @param message the full message (contains the code and the fix)
     */
    public ConnectionFailedException(String customKeyStoreId, ConnectionErrorCodeType connectionErrorCode, String fix,
                                     String message) {
        super(customKeyStoreId, message, null);
        this.connectionErrorCode = Objects.requireNonNull(connectionErrorCode, "connectionErrorCode must not be null");
        this.fix = Objects.requireNonNull(fix, "fix must not be null");
    }

    /**
     * Returns the ConnectionErrorCode reported by DescribeCustomKeyStores.
     *
     * @return the ConnectionErrorCode reported by DescribeCustomKeyStores
     */
    public ConnectionErrorCodeType connectionErrorCode() {
        return connectionErrorCode;
    }

    /**
     * Returns what to fix before connecting again.
     *
     * @return what to fix before connecting again
     */
    public String fix() {
        return fix;
    }
}
