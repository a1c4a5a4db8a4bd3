package io.github.hsmkeystore.local;

/**
 * An emulator admin operation (activation, cluster users, faults) was refused, for the reason AWS or the CloudHSM
 * CLI would give, e.g. activating a cluster that is not INITIALIZED.
 */
public final class LocalAdminException extends RuntimeException {
    /** The error type, e.g. {@code CloudHsmInvalidRequestException}. */
    private final String errorCode;
    /** The HTTP status the admin API answers with. */
    private final int status;

    LocalAdminException(String errorCode, int status, String message) {
        super(message);
        this.errorCode = errorCode;
        this.status = status;
    }

    /**
     * The error type, e.g. {@code CloudHsmInvalidRequestException}.
     *
     * @return the error type
     */
    public String errorCode() {
        return errorCode;
    }

    /**
     * The HTTP status the admin API answers with.
     *
     * @return the HTTP status
     */
    public int status() {
        return status;
    }
}
