package io.github.hsmkeystore.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Progress of one step of provisioning or teardown.
 *
 * @param step the step
 * @param kind what happened
 * @param resourceId the resource concerned (cluster id, HSM id, store id, key id or alias), or empty if not known yet
 * @param message a plain-language description (ids, names and states only, never secrets)
 */
public record ProvisioningEvent(Step step, Kind kind, Optional<String> resourceId, String message) {

    /**
     * Checks that no component is null.
     *
     * @param step the step
     * @param kind what happened
     * @param resourceId the resource concerned (cluster id, HSM id, store id, key id or alias), or empty if not known yet
     * @param message a plain-language description (ids, names and states only, never secrets)
     */
    public ProvisioningEvent {
        Objects.requireNonNull(step, "step must not be null");
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(resourceId, "resourceId must not be null (use Optional.empty())");
        Objects.requireNonNull(message, "message must not be null");
    }

    /** What happened in a step. */
    public enum Kind {
        /** The step begins. */
        STARTED,
        /** The resource already existed in the wanted state; nothing was changed. */
        FOUND,
        /** A create, connect or delete call was made. */
        CHANGED,
        /** Waiting for AWS to finish a state change. */
        WAITING,
        /** The step finished. */
        COMPLETED
    }
}
