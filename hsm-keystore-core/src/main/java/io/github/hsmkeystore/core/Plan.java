package io.github.hsmkeystore.core;

import java.util.List;

/**
 * What {@code provision()} would do, computed with read-only calls.
 *
 * @param steps each step in order
 * @param billableHsmsToCreate how many HSMs provisioning would create (each is billed per hour)
 */
public record Plan(List<PlanStep> steps, int billableHsmsToCreate) {
    /**
     * Copies the list.
     *
     * @param steps each step in order
     * @param billableHsmsToCreate how many HSMs provisioning would create (each is billed per hour)
     */
    public Plan {
        steps = List.copyOf(steps);
    }

    /**
     * Returns whether provisioning would change nothing.
     *
     * @return whether provisioning would change nothing
     */
    public boolean upToDate() {
        return steps.stream().allMatch(s -> s.action() == PlanStep.Action.EXISTS);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Plan (").append(billableHsmsToCreate).append(" billable HSMs to create):");
        steps.forEach(s -> sb.append("\n  ").append(s));
        return sb.toString();
    }
}
