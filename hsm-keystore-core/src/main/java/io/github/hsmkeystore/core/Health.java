package io.github.hsmkeystore.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterState;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * The state of a provisioned key store, with a plain-language finding for each problem. No component is ever null:
 * what does not exist is empty, or named in {@link #missingKeys()} / {@link #missingTables()}. A state newer than the
 * AWS SDK is {@code UNKNOWN_TO_SDK_VERSION}.
 *
 * @param connectionState the custom key store's ConnectionState, or empty for standard KMS or when the store does
 *     not exist
 * @param connectionErrorCode the store's ConnectionErrorCode, present only when its state is FAILED
 * @param clusterState the cluster's state, or empty for standard KMS or when the cluster does not exist
 * @param activeHsmsPerAz ACTIVE HSMs per Availability Zone
 * @param keyStates KeyState per alias of an existing key
 * @param missingKeys the aliases that name no key
 * @param tableStates TableStatus per existing table given to {@link KeyStoreBuilder#tables}
 * @param missingTables the tables given to {@link KeyStoreBuilder#tables} that do not exist
 * @param findings one sentence per problem, empty when healthy
 */
public record Health(Optional<ConnectionStateType> connectionState, Optional<ConnectionErrorCodeType> connectionErrorCode,
                     Optional<ClusterState> clusterState, Map<String, Integer> activeHsmsPerAz,
                     Map<String, KeyState> keyStates, Set<String> missingKeys,
                     Map<String, TableStatus> tableStates, Set<String> missingTables, List<String> findings) {
    /**
     * Checks that no component is null and copies the collections.
     *
     * @param connectionState the custom key store's ConnectionState, or empty for standard KMS or when the store does
     *     not exist
     * @param connectionErrorCode the store's ConnectionErrorCode, present only when its state is FAILED
     * @param clusterState the cluster's state, or empty for standard KMS or when the cluster does not exist
     * @param activeHsmsPerAz ACTIVE HSMs per Availability Zone
     * @param keyStates KeyState per alias of an existing key
     * @param missingKeys the aliases that name no key
     * @param tableStates TableStatus per existing table given to {@link KeyStoreBuilder#tables}
     * @param missingTables the tables given to {@link KeyStoreBuilder#tables} that do not exist
     * @param findings one sentence per problem, empty when healthy
     */
    public Health {
        Objects.requireNonNull(connectionState, "connectionState must not be null (use Optional.empty())");
        Objects.requireNonNull(connectionErrorCode, "connectionErrorCode must not be null (use Optional.empty())");
        Objects.requireNonNull(clusterState, "clusterState must not be null (use Optional.empty())");
        activeHsmsPerAz = Map.copyOf(activeHsmsPerAz);
        keyStates = Map.copyOf(keyStates);
        missingKeys = Set.copyOf(missingKeys);
        tableStates = Map.copyOf(tableStates);
        missingTables = Set.copyOf(missingTables);
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
