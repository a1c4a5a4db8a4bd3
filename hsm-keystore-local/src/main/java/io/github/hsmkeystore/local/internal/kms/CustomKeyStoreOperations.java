package io.github.hsmkeystore.local.internal.kms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.cloudhsm.ClusterAccess.ClusterView;
import io.github.hsmkeystore.local.internal.cloudhsm.ClusterAccess.LoginResult;
import io.github.hsmkeystore.local.internal.hsm.HsmBackend;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The six custom key store operations and the connection state machine (aws-semantics 2.1-2.6). Called under
 * the scope's lock.
 */
final class CustomKeyStoreOperations {
    private static final Logger log = LoggerFactory.getLogger(CustomKeyStoreOperations.class);
    static final int MAX_STORES = 10;
    static final String KMSUSER = "kmsuser";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> CONNECTION_ERROR_CODES = Set.of("INVALID_CREDENTIALS", "CLUSTER_NOT_FOUND",
            "NETWORK_ERRORS", "INTERNAL_ERROR", "INSUFFICIENT_CLOUDHSM_HSMS", "USER_LOCKED_OUT", "USER_NOT_FOUND",
            "USER_LOGGED_IN", "SUBNET_NOT_FOUND", "INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET");

    private final KmsService kms;

    CustomKeyStoreOperations(KmsService kms) {
        this.kms = kms;
    }

    ObjectNode create(KmsState state, JsonRequest r) {
        String name = r.requiredString("CustomKeyStoreName", 1, 256);
        String type = r.string("CustomKeyStoreType") == null ? "AWS_CLOUDHSM" : r.string("CustomKeyStoreType");
        if (type.equals("EXTERNAL_KEY_STORE")) {
            throw KmsErrors.unsupported("External key stores are not supported by hsm-keystore-local");
        }
        if (!type.equals("AWS_CLOUDHSM")) {
            throw AwsException.validation("1 validation error detected: Value '" + type
                    + "' at 'customKeyStoreType' failed to satisfy constraint: Member must satisfy enum value set: [AWS_CLOUDHSM, EXTERNAL_KEY_STORE]");
        }
        String clusterId = required(r, "CloudHsmClusterId", 19, 24);
        String trustAnchor = required(r, "TrustAnchorCertificate", 1, 5000);
        char[] password = password(r, true);
        Optional<CustomKeyStore> sameName = state.stores.values().stream().filter(s -> s.name.equals(name)).findFirst();
        if (sameName.isPresent()) {
            CustomKeyStore existing = sameName.get();
            // a retry with all the same properties of a DISCONNECTED store returns it (aws-semantics 2.1)
            if (existing.connectionState.equals("DISCONNECTED") && existing.clusterId.equals(clusterId)
                    && samePem(existing.trustAnchorPem, trustAnchor) && Arrays.equals(existing.password, password)) {
                return Json.object().put("CustomKeyStoreId", existing.id);
            }
            throw AwsException.client("CustomKeyStoreNameInUseException",
                    "A custom key store named " + name + " already exists in this account and Region");
        }
        if (state.stores.size() >= MAX_STORES) {
            throw AwsException.client("LimitExceededException", "This account and Region already have " + MAX_STORES
                    + " custom key stores, the most allowed");
        }
        ClusterView cluster = kms.clusters.cluster(state.scope, clusterId).orElseThrow(() ->
                AwsException.client("CloudHsmClusterNotFoundException", "No CloudHSM cluster " + clusterId + " in this account and Region"));
        for (CustomKeyStore other : state.stores.values()) {
            if (other.clusterId.equals(clusterId) || cluster.backupLineage().equals(other.backupLineage)) {
                throw AwsException.client("CloudHsmClusterInUseException", "Cluster " + clusterId
                        + " (or one sharing its backup history) is already associated with custom key store " + other.id);
            }
        }
        requireActive(cluster);
        if (cluster.trustAnchorPem() == null || !samePem(cluster.trustAnchorPem(), trustAnchor)) {
            throw AwsException.client("IncorrectTrustAnchorException", "The TrustAnchorCertificate is not the trust anchor"
                    + " cluster " + clusterId + " was initialized with (the customerCA.crt used to sign its CSR)");
        }
        requireValidConfiguration(cluster, true);
        String id = "cks-" + hex(17);
        CustomKeyStore store = new CustomKeyStore(id, name, clusterId, trustAnchor, password, kms.clock.now());
        store.backupLineage = cluster.backupLineage();
        state.stores.put(id, store);
        Arrays.fill(password, '\0');
        log.debug("Created custom key store [id={}, clusterId={}]", id, clusterId);
        return Json.object().put("CustomKeyStoreId", id);
    }

    ObjectNode describe(KmsState state, JsonRequest r) {
        String id = r.string("CustomKeyStoreId", 1, 64);
        String name = r.string("CustomKeyStoreName", 1, 256);
        int limit = r.integer("Limit", 1, 1000) == null ? 1000 : r.integer("Limit");
        if (id != null && name != null) {
            throw AwsException.validation("Specify CustomKeyStoreId or CustomKeyStoreName, not both");
        }
        List<CustomKeyStore> matching = new ArrayList<>();
        for (CustomKeyStore s : state.stores.values()) {
            if ((id == null || s.id.equals(id)) && (name == null || s.name.equals(name))) {
                matching.add(s);
            }
        }
        if ((id != null || name != null) && matching.isEmpty()) {
            throw KmsErrors.storeNotFound("Custom key store " + (id != null ? id : "named " + name) + " not found");
        }
        int start = Paging.start(r.string("Marker", 1, 1024), matching.size());
        int end = Math.min(matching.size(), start + limit);
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("CustomKeyStores");
        for (CustomKeyStore s : matching.subList(start, end)) {
            ObjectNode e = list.addObject().put("CustomKeyStoreId", s.id).put("CustomKeyStoreName", s.name)
                    .put("CloudHsmClusterId", s.clusterId).put("TrustAnchorCertificate", s.trustAnchorPem)
                    .put("ConnectionState", s.connectionState);
            if (s.connectionState.equals("FAILED")) {
                e.put("ConnectionErrorCode", s.connectionErrorCode);
            }
            e.put("CreationDate", Json.epochSeconds(s.created)).put("CustomKeyStoreType", "AWS_CLOUDHSM");
        }
        Paging.finish(out, end, matching.size());
        return out;
    }

    ObjectNode connect(KmsState state, JsonRequest r) {
        CustomKeyStore store = store(state, r);
        switch (store.connectionState) {
            case "CONNECTED", "CONNECTING" -> {
                return Json.object();
            }
            case "FAILED", "DISCONNECTING" -> throw KmsErrors.storeInvalidState("Custom key store " + store.id + " is "
                    + store.connectionState + "; disconnect it (DisconnectCustomKeyStore) and wait for DISCONNECTED before connecting");
            default -> { }
        }
        // fast failures: thrown by Connect itself, the store stays DISCONNECTED (aws-semantics 2.3)
        Optional<ClusterView> cluster = kms.clusters.cluster(state.scope, store.clusterId);
        if (cluster.isPresent()) {
            requireActive(cluster.get());
            if (cluster.get().activeHsmsPerAz().isEmpty()) {
                throw KmsErrors.clusterInvalidConfiguration("Cluster " + store.clusterId
                        + " has no active HSM; KMS needs at least one to connect. Add an HSM (CreateHsm) and retry.");
            }
            if (!cluster.get().securityGroupValid()) {
                throw KmsErrors.clusterInvalidConfiguration("The security group of cluster " + store.clusterId
                        + " lacks its self-referencing inbound and outbound TCP 2223-2225 rules");
            }
        }
        store.connectionState = "CONNECTING";
        store.connectionErrorCode = null;
        store.transitionDue = kms.clock.now().plus(kms.transitionDelay);
        log.debug("Connecting custom key store [id={}, clusterId={}]", store.id, store.clusterId);
        return Json.object();
    }

    ObjectNode disconnect(KmsState state, JsonRequest r) {
        CustomKeyStore store = store(state, r);
        switch (store.connectionState) {
            case "CONNECTED" -> {
                store.connectionState = "DISCONNECTING";
                store.transitionDue = kms.clock.now().plus(kms.transitionDelay);
            }
            case "CONNECTING", "FAILED" -> {
                store.connectionState = "DISCONNECTED";
                store.connectionErrorCode = null;
                store.transitionDue = null;
            }
            default -> throw KmsErrors.storeInvalidState("Custom key store " + store.id + " is " + store.connectionState
                    + "; only a CONNECTED, CONNECTING or FAILED store can be disconnected");
        }
        logOut(state, store);
        log.debug("Disconnecting custom key store [id={}]", store.id);
        return Json.object();
    }

    ObjectNode update(KmsState state, JsonRequest r) {
        CustomKeyStore store = store(state, r);
        String newName = r.string("NewCustomKeyStoreName", 1, 256);
        char[] newPassword = password(r, false);
        String newClusterId = r.string("CloudHsmClusterId", 19, 24);
        boolean deepChange = newPassword != null || newClusterId != null;
        if (deepChange ? !store.connectionState.equals("DISCONNECTED")
                : !Set.of("CONNECTED", "DISCONNECTED").contains(store.connectionState)) {
            throw KmsErrors.storeInvalidState("Custom key store " + store.id + " is " + store.connectionState + "; "
                    + (deepChange ? "changing the password or cluster needs it DISCONNECTED"
                    : "renaming needs it CONNECTED or DISCONNECTED"));
        }
        if (newName != null && state.stores.values().stream().anyMatch(s -> s != store && s.name.equals(newName))) {
            throw AwsException.client("CustomKeyStoreNameInUseException", "A custom key store named " + newName + " already exists");
        }
        if (newClusterId != null && !newClusterId.equals(store.clusterId)) {
            ClusterView cluster = kms.clusters.cluster(state.scope, newClusterId).orElseThrow(() ->
                    AwsException.client("CloudHsmClusterNotFoundException", "No CloudHSM cluster " + newClusterId));
            // the store remembers its cluster's backup history: relatedness holds even after that cluster is deleted
            if (!cluster.backupLineage().equals(store.backupLineage)) {
                throw AwsException.client("CloudHsmClusterNotRelatedException", "Cluster " + newClusterId
                        + " does not share backup history with " + store.clusterId + "; use a cluster created from its backup");
            }
            requireActive(cluster);
            requireValidConfiguration(cluster, true);
            store.clusterId = newClusterId;
        }
        if (newName != null) {
            store.name = newName;
        }
        if (newPassword != null) {
            store.setPassword(newPassword);
            Arrays.fill(newPassword, '\0');
        }
        return Json.object();
    }

    ObjectNode delete(KmsState state, JsonRequest r) {
        CustomKeyStore store = store(state, r);
        if (!store.connectionState.equals("DISCONNECTED")) {
            throw KmsErrors.storeInvalidState("Custom key store " + store.id + " is " + store.connectionState
                    + "; disconnect it before deleting it");
        }
        long keys = state.keys.values().stream().filter(k -> store.id.equals(k.customKeyStoreId)).count();
        if (keys > 0) {
            throw AwsException.client("CustomKeyStoreHasCMKsException", "Custom key store " + store.id + " still holds "
                    + keys + " KMS key(s), including keys pending deletion; wait until they are deleted");
        }
        state.stores.remove(store.id);
        return Json.object();
    }

    /** Completes due CONNECTING / DISCONNECTING transitions: on connect, KMS logs in as kmsuser and rotates its password. */
    void settle(KmsState state, CustomKeyStore store, Instant now) {
        if (store.transitionDue == null || now.isBefore(store.transitionDue)) {
            return;
        }
        store.transitionDue = null;
        if (store.connectionState.equals("DISCONNECTING")) {
            store.connectionState = "DISCONNECTED";
            return;
        }
        if (!store.connectionState.equals("CONNECTING")) {
            return;
        }
        String failure = connectFailure(state, store);
        if (failure == null) {
            store.connectionState = "CONNECTED";
            log.debug("Custom key store connected [id={}]", store.id);
        } else {
            store.connectionState = "FAILED";
            store.connectionErrorCode = failure;
            log.debug("Custom key store connection failed [id={}, connectionErrorCode={}]", store.id, failure);
        }
    }

    private String connectFailure(KmsState state, CustomKeyStore store) {
        if (store.injectedConnectFailure != null) {
            String code = store.injectedConnectFailure;
            store.injectedConnectFailure = null;
            return code;
        }
        Optional<ClusterView> found = kms.clusters.cluster(state.scope, store.clusterId);
        if (found.isEmpty()) {
            return "CLUSTER_NOT_FOUND";
        }
        ClusterView cluster = found.get();
        if (cluster.activeHsmsPerAz().isEmpty()) {
            return "INSUFFICIENT_CLOUDHSM_HSMS";
        }
        if (cluster.subnetMissing()) {
            return "SUBNET_NOT_FOUND";
        }
        if (cluster.subnetFull()) {
            return "INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET";
        }
        LoginResult login = cluster.login(KMSUSER, store.password);
        if (login != LoginResult.OK) {
            return login.name();
        }
        char[] rotated = randomPassword();
        cluster.changePassword(KMSUSER, rotated);
        store.setPassword(rotated);
        Arrays.fill(rotated, '\0');
        store.loggedIn = true;
        return null;
    }

    private void logOut(KmsState state, CustomKeyStore store) {
        if (store.loggedIn) {
            kms.clusters.cluster(state.scope, store.clusterId).ifPresent(c -> c.logout(KMSUSER));
            store.loggedIn = false;
        }
    }

    /** CreateKey preconditions for a store; returns its cluster id (aws-semantics 3.1). */
    String requireKeyCreation(KmsState state, String storeId) {
        CustomKeyStore store = state.stores.get(storeId);
        if (store == null) {
            throw KmsErrors.storeNotFound("Custom key store " + storeId + " not found");
        }
        if (!store.isConnected()) {
            throw KmsErrors.storeInvalidState("Custom key store " + storeId + " is " + store.connectionState
                    + "; keys can be created only while it is CONNECTED");
        }
        ClusterView cluster = kms.clusters.cluster(state.scope, store.clusterId).orElseThrow(() ->
                KmsErrors.clusterInvalidConfiguration("Cluster " + store.clusterId + " of store " + storeId + " no longer exists"));
        requireValidConfiguration(cluster, false);
        return store.clusterId;
    }

    /** The HSM backend of the store's cluster, where its keys are generated; call after {@link #requireKeyCreation}. */
    HsmBackend backingBackend(KmsState state, String storeId) {
        CustomKeyStore store = state.stores.get(storeId);
        return kms.clusters.cluster(state.scope, store.clusterId).orElseThrow().backend();
    }

    /** At the end of a deletion window: KMS deletes the backing key if it can (store connected), else it is orphaned. */
    void destroyBackingKey(KmsState state, KmsKeyRecord key) {
        if (key.hsmHandle == null) {
            return;
        }
        CustomKeyStore store = state.stores.get(key.customKeyStoreId);
        if (store != null && store.isConnected()) {
            kms.clusters.cluster(state.scope, store.clusterId).ifPresent(c -> c.backend().destroyKey(key.hsmHandle));
        } else {
            log.debug("Backing key orphaned in the cluster: the store was not connected at deletion [keyId={}]", key.keyId);
        }
    }

    private static void requireActive(ClusterView cluster) {
        String clusterState = cluster.state();
        if (!clusterState.equals("ACTIVE") && !clusterState.equals("DEGRADED")) {
            throw AwsException.client("CloudHsmClusterNotActiveException", "Cluster " + cluster.clusterId() + " is "
                    + clusterState + "; it must be initialized and activated (ACTIVE)");
        }
    }

    /** Subnets in 2 AZs, a valid security group and (for create/update/CreateKey) 2 active HSMs in different AZs. */
    private static void requireValidConfiguration(ClusterView cluster, boolean checkNetwork) {
        if (checkNetwork && cluster.subnetAvailabilityZones().size() < 2) {
            throw KmsErrors.clusterInvalidConfiguration("Cluster " + cluster.clusterId() + " has private subnets in "
                    + cluster.subnetAvailabilityZones().size() + " Availability Zone(s); KMS needs subnets in at least 2");
        }
        if (checkNetwork && !cluster.securityGroupValid()) {
            throw KmsErrors.clusterInvalidConfiguration("The security group of cluster " + cluster.clusterId()
                    + " lacks its self-referencing inbound and outbound TCP 2223-2225 rules");
        }
        Map<String, Integer> active = cluster.activeHsmsPerAz();
        if (active.size() < 2) {
            int count = active.values().stream().mapToInt(Integer::intValue).sum();
            throw KmsErrors.clusterInvalidConfiguration("Cluster " + cluster.clusterId() + " has " + count
                    + " active HSM(s) in " + active.size() + " Availability Zone(s); KMS needs at least 2 active HSMs,"
                    + " each in a different Availability Zone. Add an HSM and retry.");
        }
    }

    private static CustomKeyStore store(KmsState state, JsonRequest r) {
        String id = r.requiredString("CustomKeyStoreId", 1, 64);
        CustomKeyStore store = state.stores.get(id);
        if (store == null) {
            throw KmsErrors.storeNotFound("Custom key store " + id + " not found");
        }
        return store;
    }

    private static String required(JsonRequest r, String member, int min, int max) {
        String value = r.string(member, min, max);
        if (value == null) {
            throw AwsException.validation("A custom key store of type AWS_CLOUDHSM requires " + member);
        }
        return value;
    }

    /** KeyStorePassword: 7-32 characters; the message never echoes it. */
    private static char[] password(JsonRequest r, boolean required) {
        String value = r.string("KeyStorePassword");
        if (value == null) {
            if (required) {
                throw AwsException.validation("A custom key store of type AWS_CLOUDHSM requires KeyStorePassword");
            }
            return null;
        }
        if (value.length() < 7 || value.length() > 32) {
            throw AwsException.validation("1 validation error detected: Value at 'keyStorePassword' failed to satisfy"
                    + " constraint: Member must have length between 7 and 32");
        }
        return value.toCharArray();
    }

    static boolean samePem(String a, String b) {
        return a.replaceAll("\\s", "").equals(b.replaceAll("\\s", ""));
    }

    private static char[] randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        char[] out = new char[32];
        for (int i = 0; i < out.length; i++) {
            out[i] = alphabet.charAt(RANDOM.nextInt(alphabet.length()));
        }
        return out;
    }

    private static String hex(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(RANDOM.nextInt(16), 16));
        }
        return sb.toString();
    }

    static boolean isConnectionErrorCode(String code) {
        return CONNECTION_ERROR_CODES.contains(code);
    }
}
