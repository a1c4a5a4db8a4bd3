package io.github.hsmkeystore.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A resource did not reach the wanted state within the {@link WaitPolicy} timeout. */
public class ProvisioningTimeoutException extends HsmKeyStoreException {
    private static final long serialVersionUID = 1L;
    /** The step concerned. */
    private final Step step;
    /** The resource concerned; null when not known (see {@link #resourceId()}). */
    private final String resourceId;
    /** The last state observed; null when none was read (see {@link #lastState()}). */
    private final String lastState;
    /** How many Describe calls were made. */
    private final int attempts;
    /** How long the wait lasted. */
    private final Duration elapsed;

    /**
     * Creates the exception.
     *
     * @param step the step that waited
     * @param resourceId the resource waited for, or null if not known
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
     * Returns the resource waited for, or empty if not known.
     *
     * @return the resource waited for, or empty if not known
     */
    public Optional<String> resourceId() {
        return Optional.ofNullable(resourceId);
    }

    /**
     * Returns the last state observed as the poller described it (e.g. {@code CONNECTING} or
     * {@code ACTIVE/SSE ENABLING}), or empty if no Describe call answered.
     *
     * @return the last state observed, or empty if none was read
     */
    public Optional<String> lastState() {
        return Optional.ofNullable(lastState);
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
