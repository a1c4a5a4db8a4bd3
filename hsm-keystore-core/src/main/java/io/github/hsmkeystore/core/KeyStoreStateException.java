package io.github.hsmkeystore.core;

import java.util.Objects;

/**
 * An AWS resource exists but is in a state that provisioning cannot use or fix by itself, e.g. a custom key
 * store with the wanted name on another cluster, or an alias that points to a key pending deletion.
 */
public class KeyStoreStateException extends HsmKeyStoreException {
    private static final long serialVersionUID = 1L;
    /** The resource concerned. */
    private final String resourceId;

    /**
     * Creates the exception.
     *
     * @param resourceId the resource in the wrong state (not null)
     * @param message what was observed and what to do
     * @param cause the SDK exception, or null
     */
    public KeyStoreStateException(String resourceId, String message, Throwable cause) {
        super(message, cause);
        this.resourceId = Objects.requireNonNull(resourceId, "resourceId must not be null");
    }

    /**
     * Returns the resource in the wrong state.
     *
     * @return the resource in the wrong state
     */
    public String resourceId() {
        return resourceId;
    }
}
