package io.github.hsmkeystore.core;

import java.util.Objects;
import java.util.Optional;

/** An AWS call of a provisioning, teardown or health step failed; the cause is the AWS SDK exception. */
public class ProvisioningException extends HsmKeyStoreException {
    private static final long serialVersionUID = 1L;
    /** The step concerned. */
    private final Step step;
    /** The resource concerned; null when the failing call was creating it (see {@link #resourceId()}). */
    private final String resourceId;

    /**
     * Creates the exception.
     *
     * @param step the step that failed
     * @param resourceId the cluster, HSM, key store, key id or alias concerned; may be null when none exists yet
     * @param message what failed and what to try next
     * @param cause the SDK exception, or null
     */
    public ProvisioningException(Step step, String resourceId, String message, Throwable cause) {
        super(message, cause);
        this.step = Objects.requireNonNull(step, "step must not be null");
        this.resourceId = resourceId;
    }

    /**
     * The step that failed.
     *
     * @return the step
     */
    public Step step() {
        return step;
    }

    /**
     * The resource concerned (cluster id, HSM id, custom key store id or name, key id or alias).
     *
     * @return the resource id, or empty if the failing call was creating it
     */
    public Optional<String> resourceId() {
        return Optional.ofNullable(resourceId);
    }
}
