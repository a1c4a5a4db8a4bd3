package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.KeyDefinition;
import io.github.hsmkeystore.core.Step;
import io.github.hsmkeystore.core.TeardownResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudhsmv2.model.Cluster;
import software.amazon.awssdk.services.cloudhsmv2.model.Hsm;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;

/**
 * {@code teardown()}: schedule key deletion, then (once no key is left in the store) disconnect and delete the store,
 * delete the HSMs, then the cluster. Every failure is thrown; nothing is swallowed.
 */
public final class Teardown {
    private final Settings s;
    private final Progress progress;
    private final Poller poller;
    private final List<String> actions = new ArrayList<>();

    public Teardown(Settings settings) {
        this.s = settings;
        this.progress = new Progress(settings.listener());
        this.poller = settings.newPoller();
    }

    public TeardownResult run() {
        ConfigValidator.checkForOperations(s);
        KeySteps keys = new KeySteps(s.kms(), progress);
        Instant latest = null;
        for (KeyDefinition def : s.keys()) {
            Optional<Instant> date = keys.scheduleDeletion(def.alias(), s.keyDeletionWindowDays());
            if (date.isPresent()) {
                actions.add("key " + def.alias() + " pending deletion until " + date.get());
                latest = latest == null || date.get().isAfter(latest) ? date.get() : latest;
            }
        }
        if (!s.cloudHsmStore()) {
            return new TeardownResult(actions, true, Optional.ofNullable(latest));
        }
        if (latest != null) {
            String msg = "Keys are pending deletion until " + latest + "; the custom key store stays connected so KMS can "
                    + "delete their key material in the cluster. Run teardown() again after that date to delete the "
                    + "store, the HSMs and the cluster.";
            progress.completed(Step.SCHEDULE_KEY_DELETION, s.customKeyStoreName(), msg, true);
            actions.add(msg);
            return new TeardownResult(actions, false, Optional.of(latest));
        }
        StoreSteps stores = new StoreSteps(s, progress, poller);
        Optional<CustomKeyStoresListEntry> store = stores.find();
        if (store.isPresent()) {
            stores.disconnectAndDelete(store.get());
            actions.add("deleted custom key store " + store.get().customKeyStoreId());
        }
        if (s.existingClusterId() != null) {
            actions.add("kept existing cluster " + s.existingClusterId() + " and its HSMs (not created by hsm-keystore)");
            return new TeardownResult(actions, true, Optional.empty());
        }
        ClusterSteps clusters = new ClusterSteps(s, progress, poller);
        Optional<Cluster> cluster = clusters.find();
        if (cluster.isPresent()) {
            deleteCluster(clusters, cluster.get());
        }
        return new TeardownResult(actions, true, Optional.empty());
    }

    private void deleteCluster(ClusterSteps clusters, Cluster cluster) {
        String id = cluster.clusterId();
        progress.started(Step.DELETE_HSMS, id, "Deleting the HSMs of " + id);
        for (Hsm h : cluster.hsms()) {
            if (!ClusterSteps.GONE.contains(h.stateAsString())) {
                AwsCalls.call(Step.DELETE_HSMS, h.hsmId(), "DeleteHsm", () -> s.cloudHsm().deleteHsm(r -> r.clusterId(id).hsmId(h.hsmId())));
                progress.changed(Step.DELETE_HSMS, h.hsmId(), "Deleting HSM " + h.hsmId());
                actions.add("deleted HSM " + h.hsmId());
            }
        }
        if (!cluster.hsms().isEmpty()) {
            progress.waiting(Step.DELETE_HSMS, id, "Waiting for the HSMs of " + id + " to be deleted");
            poller.await(Step.DELETE_HSMS, id, "no HSM left", () -> clusters.describe(id), ClusterSteps::hsmStates,
                    c -> c.hsms().isEmpty());
        }
        progress.completed(Step.DELETE_HSMS, id, "Cluster " + id + " has no HSM left", true);
        progress.started(Step.DELETE_CLUSTER, id, "Deleting cluster " + id);
        if (!"DELETE_IN_PROGRESS".equals(cluster.stateAsString())) {
            AwsCalls.call(Step.DELETE_CLUSTER, id, "DeleteCluster", () -> s.cloudHsm().deleteCluster(r -> r.clusterId(id)));
            progress.changed(Step.DELETE_CLUSTER, id, "Deleting cluster " + id);
        }
        poller.await(Step.DELETE_CLUSTER, id, "cluster state DELETED", () -> clusters.describe(id), Cluster::stateAsString,
                c -> "DELETED".equals(c.stateAsString()));
        actions.add("deleted cluster " + id);
        progress.completed(Step.DELETE_CLUSTER, id, "Deleted cluster " + id, true);
    }
}
