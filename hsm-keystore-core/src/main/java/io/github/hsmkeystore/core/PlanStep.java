package io.github.hsmkeystore.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One step of a {@link Plan}.
 *
 * @param step the step
 * @param action what provisioning would do
 * @param resource the resource concerned (id, name or alias), or empty when it does not exist yet
 * @param detail a plain-language description
 */
public record PlanStep(Step step, Action action, Optional<String> resource, String detail) {
    /**
     * Checks that no component is null.
     *
     * @param step the step
     * @param action what provisioning would do
     * @param resource the resource concerned (id, name or alias), or empty when it does not exist yet
     * @param detail a plain-language description
     */
    public PlanStep {
        Objects.requireNonNull(step, "step must not be null");
        Objects.requireNonNull(action, "action must not be null");
        Objects.requireNonNull(resource, "resource must not be null (use Optional.empty())");
        Objects.requireNonNull(detail, "detail must not be null");
    }

    /** What provisioning would do in a step. */
    public enum Action {
        /** The resource exists in the wanted state: nothing to do. */
        EXISTS,
        /** Provisioning would create (or change) it. */
        WILL_CREATE,
        /** Provisioning would only wait for AWS to finish a change already under way. */
        WILL_WAIT
    }

    @Override
    public String toString() {
        return step + ": " + action + resource.map(r -> " " + r).orElse("") + " - " + detail;
    }
}
