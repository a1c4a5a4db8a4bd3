package io.github.hsmkeystore.core;

/**
 * Base of the exceptions hsm-keystore throws when AWS resources do not behave as needed. Unchecked.
 * Bad arguments and builder state use the JDK exceptions instead ({@link NullPointerException},
 * {@link IllegalArgumentException}, {@link InvalidConfigurationException}).
 */
public abstract class HsmKeyStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, on which resource, and what to try next
     * @param cause the AWS SDK exception, or null
     */
    protected HsmKeyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
