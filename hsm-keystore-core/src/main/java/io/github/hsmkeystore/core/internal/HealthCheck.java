package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.Health;
import io.github.hsmkeystore.core.KeyDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudhsmv2.model.Cluster;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterState;
import software.amazon.awssdk.services.cloudhsmv2.model.Hsm;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;

/** {@code health()}: reads the store, cluster, HSMs and keys, and turns each problem into a plain-language finding. */
public final class HealthCheck {
    private final Settings s;
    private final software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb;
    private final List<String> tables;

    /**
     * @param dynamoDb the client for {@code tables}, or null when there are none
     * @param tables tables whose status and encryption to report
     */
    public HealthCheck(Settings settings, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb, List<String> tables) {
        this.s = settings;
        this.dynamoDb = dynamoDb;
        this.tables = List.copyOf(tables);
    }

    public Health run() {
        ConfigValidator.checkForOperations(s);
        Progress quiet = new Progress(null);
        List<String> findings = new ArrayList<>();
        Optional<ConnectionStateType> connectionState = Optional.empty();
        Optional<ConnectionErrorCodeType> errorCode = Optional.empty();
        Optional<ClusterState> clusterState = Optional.empty();
        Map<String, Integer> perAz = Map.of();
        if (s.cloudHsmStore()) {
            Optional<Cluster> cluster = new ClusterSteps(s, quiet, s.newPoller()).find();
            if (cluster.isEmpty()) {
                findings.add("No cluster found (" + (s.existingClusterId() != null ? s.existingClusterId()
                        : "tag " + Settings.CLUSTER_TAG + "=" + s.customKeyStoreName()) + "): KMS cannot use this key store. Run provision().");
            } else {
                Cluster c = cluster.get();
                clusterState = Optional.ofNullable(c.state());
                perAz = ClusterSteps.activeHsmsPerAz(c);
                clusterFindings(c, perAz, findings);
            }
            Optional<CustomKeyStoresListEntry> store = new StoreSteps(s, quiet, s.newPoller()).find();
            if (store.isEmpty()) {
                findings.add("Custom key store \"" + s.customKeyStoreName() + "\" does not exist. Run provision().");
            } else {
                CustomKeyStoresListEntry e = store.get();
                connectionState = Optional.ofNullable(e.connectionState());
                errorCode = e.connectionState() == ConnectionStateType.FAILED
                        ? Optional.of(e.connectionErrorCode() == null ? ConnectionErrorCodeType.UNKNOWN_TO_SDK_VERSION
                                : e.connectionErrorCode())
                        : Optional.empty();
                storeFindings(e, findings);
            }
        }
        Map<String, KeyState> keyStates = new LinkedHashMap<>();
        Set<String> missingKeys = new LinkedHashSet<>();
        KeySteps keys = new KeySteps(s.kms(), quiet);
        for (KeyDefinition def : s.keys()) {
            Optional<KeyMetadata> m = keys.findByAlias(def.alias());
            if (m.isEmpty()) {
                missingKeys.add(def.alias());
                findings.add("Key " + def.alias() + " does not exist. Run provision() to create it.");
                continue;
            }
            KeyState state = m.get().keyState();
            keyStates.put(def.alias(), state);
            switch (state) {
                case ENABLED -> { }
                case UNAVAILABLE -> findings.add("Key " + def.alias() + " is Unavailable because its custom key store is not "
                        + "connected: encryption and decryption fail until it is CONNECTED again.");
                case DISABLED -> findings.add("Key " + def.alias() + " is Disabled: enable it (EnableKey) to use it.");
                case PENDING_DELETION -> findings.add("Key " + def.alias() + " is pending deletion (until "
                        + m.get().deletionDate() + "): cancel the deletion (CancelKeyDeletion, then EnableKey) to keep it.");
                default -> findings.add("Key " + def.alias() + " is " + m.get().keyStateAsString() + ".");
            }
        }
        Map<String, TableStatus> tableStates = new LinkedHashMap<>();
        Set<String> missingTables = new LinkedHashSet<>();
        if (!tables.isEmpty()) {
            TableSteps tableSteps = new TableSteps(dynamoDb, s.kms(), s.newPoller());
            for (String table : tables) {
                tableSteps.status(table).ifPresentOrElse(st -> tableStates.put(table, st), () -> missingTables.add(table));
                String finding = tableSteps.finding(table);
                if (finding != null) {
                    findings.add(finding);
                }
            }
        }
        return new Health(connectionState, errorCode, clusterState, perAz, keyStates, missingKeys, tableStates, missingTables,
                findings);
    }

    private static void clusterFindings(Cluster c, Map<String, Integer> perAz, List<String> findings) {
        String id = c.clusterId();
        int active = perAz.values().stream().mapToInt(Integer::intValue).sum();
        if (!"ACTIVE".equals(c.stateAsString())) {
            findings.add("Cluster " + id + " is " + c.stateAsString() + (("DEGRADED".equals(c.stateAsString()))
                    ? ": an HSM has failed. Replace it (DeleteHsm, then run provision() to create a new one)."
                    : ", not ACTIVE: KMS can only use an ACTIVE cluster. Run provision() to finish it."));
        }
        for (Hsm h : c.hsms()) {
            if ("DEGRADED".equals(h.stateAsString())) {
                findings.add("HSM " + h.hsmId() + " in " + h.availabilityZone() + " is DEGRADED (failed): delete it and run "
                        + "provision() to create a replacement.");
            }
        }
        if (active == 0) {
            findings.add("Cluster " + id + " has no active HSM: KMS cannot connect and every cryptographic operation "
                    + "fails. Add HSMs (run provision()).");
        } else if (perAz.size() == 1) {
            findings.add(active + " active HSM" + (active == 1 ? "" : "s") + " in 1 Availability Zone (" + perAz.keySet().iterator().next()
                    + "): KMS can connect but cannot create keys; add an HSM in a second AZ.");
        }
    }

    private static void storeFindings(CustomKeyStoresListEntry e, List<String> findings) {
        String id = e.customKeyStoreId();
        ConnectionStateType st = e.connectionState();
        if (st == ConnectionStateType.FAILED) {
            findings.add("Custom key store " + id + " is FAILED with " + e.connectionErrorCodeAsString() + ": "
                    + ConnectionErrors.fix(e.connectionErrorCode()));
        } else if (st == ConnectionStateType.DISCONNECTED) {
            findings.add("Custom key store " + id + " is DISCONNECTED: its keys are Unavailable. Run provision() to connect it.");
        } else if (st != ConnectionStateType.CONNECTED) {
            findings.add("Custom key store " + id + " is " + e.connectionStateAsString() + ": its keys are usable only "
                    + "once it is CONNECTED.");
        }
    }
}
