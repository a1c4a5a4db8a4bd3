package io.github.hsmkeystore.core;

import java.util.List;
import java.util.Map;

/**
 * The state of a provisioned key store, with a plain-language finding for each problem.
 *
 * @param connectionState the custom key store's ConnectionState, or null for standard KMS / no store
 * @param connectionErrorCode the ConnectionErrorCode when FAILED, else null
 * @param clusterState the cluster's state, or null for standard KMS / no cluster
 * @param activeHsmsPerAz ACTIVE HSMs per Availability Zone
 * @param keyStates KeyState per alias ({@code NotFound} when the alias does not exist)
 * @param tableStates TableStatus per table given to {@link KeyStoreBuilder#tables} ({@code NotFound} when absent)
 * @param findings one sentence per problem, empty when healthy
 */
public record Health(String connectionState, String connectionErrorCode, String clusterState,
                     Map<String, Integer> activeHsmsPerAz, Map<String, String> keyStates, Map<String, String> tableStates,
                     List<String> findings) {
    /**
     * Copies the collections.
     *
     * @param connectionState the custom key store's ConnectionState, or null for standard KMS / no store
     * @param connectionErrorCode the ConnectionErrorCode when FAILED, else null
     * @param clusterState the cluster's state, or null for standard KMS / no cluster
     * @param activeHsmsPerAz ACTIVE HSMs per Availability Zone
     * @param keyStates KeyState per alias ({@code NotFound} when the alias does not exist)
     * @param tableStates TableStatus per table given to {@link KeyStoreBuilder#tables} ({@code NotFound} when absent)
     * @param findings one sentence per problem, empty when healthy
     */
    public Health {
        activeHsmsPerAz = Map.copyOf(activeHsmsPerAz);
        keyStates = Map.copyOf(keyStates);
        tableStates = Map.copyOf(tableStates);
        findings = List.copyOf(findings);
    }

    /**
     * Returns whether no problem was found.
     *
     * @return whether no problem was found
     */
    public boolean healthy() {
        return findings.isEmpty();
    }
}
