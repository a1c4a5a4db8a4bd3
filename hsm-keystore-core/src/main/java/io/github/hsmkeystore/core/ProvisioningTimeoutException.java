package io.github.hsmkeystore.core;

import java.time.Duration;
import java.util.Objects;

/** A resource did not reach the wanted state within the {@link WaitPolicy} timeout. */
public class ProvisioningTimeoutException extends HsmKeyStoreException {
    private static final long serialVersionUID = 1L;
    /** The step concerned. */
    private final Step step;
    /** The resource concerned, or null. */
    private final String resourceId;
    /** The last state observed, or null. */
    private final String lastState;
    /** How many Describe calls were made. */
    private final int attempts;
    /** How long the wait lasted. */
    private final Duration elapsed;

    /**
     * Creates the exception.
     *
     * @param step the step that waited
     * @param resourceId the resource waited for
     * @param message what was waited for and what to try next
     * @param lastState the last state observed, or null if none was read
     * @param attempts how many Describe calls were made
     * @param elapsed how long the wait lasted
     */
    public ProvisioningTimeoutException(Step step, String resourceId, String message, String lastState, int attempts,
                                        Duration elapsed) {
        super(message, null);
        this.step = Objects.requireNonNull(step, "step must not be null");
        this.resourceId = resourceId;
        this.lastState = lastState;
        this.attempts = attempts;
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed must not be null");
    }

    /**
     * Returns the step that waited.
     *
     * @return the step that waited
     */
    public Step step() {
        return step;
    }

    /**
     * Returns the resource waited for.
     *
     * @return the resource waited for
     */
    public String resourceId() {
        return resourceId;
    }

    /**
     * Returns the last state observed, or null if none.
     *
     * @return the last state observed, or null if none
     */
    public String lastState() {
        return lastState;
    }

    /**
     * Returns the number of Describe calls made.
     *
     * @return the number of Describe calls made
     */
    public int attempts() {
        return attempts;
    }

    /**
     * Returns how long the wait lasted.
     *
     * @return how long the wait lasted
     */
    public Duration elapsed() {
        return elapsed;
    }
}
