package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.KeyDefinition;
import io.github.hsmkeystore.core.Plan;
import io.github.hsmkeystore.core.PlanStep;
import io.github.hsmkeystore.core.PlanStep.Action;
import io.github.hsmkeystore.core.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudhsmv2.model.Cluster;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/** Computes {@code plan()} with read-only calls (Describe/List/Get only). */
public final class Planner {
    private final Settings s;
    private final List<PlanStep> steps = new ArrayList<>();
    private int billable;

    public Planner(Settings settings) {
        this.s = settings;
    }

    public Plan plan() {
        ConfigValidator.check(s);
        Progress quiet = new Progress(null);
        String storeId = null;
        boolean storeExists = false;
        if (s.cloudHsmStore()) {
            ClusterSteps clusters = new ClusterSteps(s, quiet, s.newPoller());
            Optional<Cluster> cluster = clusters.find();
            Optional<CustomKeyStoresListEntry> store = new StoreSteps(s, quiet, s.newPoller()).find();
            boolean connected = store.filter(e -> e.connectionState() == ConnectionStateType.CONNECTED).isPresent();
            if (cluster.isEmpty()) {
                int n = clusters.wantedHsmCount();
                add(Step.CLUSTER, Action.WILL_CREATE, null, "create a " + s.newCluster().hsmType() + " cluster in "
                        + s.newCluster().subnetIds() + " tagged " + Settings.CLUSTER_TAG + "=" + s.customKeyStoreName());
                add(Step.FIRST_HSM, Action.WILL_CREATE, null, "create 1 HSM and wait for the cluster CSR");
                add(Step.INITIALIZE, Action.WILL_CREATE, null, "sign the CSR with the trust anchor and call InitializeCluster");
                add(Step.ACTIVATE, Action.WILL_CREATE, null, "run the activation (admin password, kmsuser)");
                add(Step.ADDITIONAL_HSMS, Action.WILL_CREATE, null, "create " + (n - 1) + " more HSM(s) in other zones");
                billable = n;
            } else {
                planCluster(clusters, cluster.get(), connected);
            }
            if (store.isPresent()) {
                storeExists = true;
                storeId = store.get().customKeyStoreId();
                add(Step.KEY_STORE, Action.EXISTS, storeId, "custom key store \"" + s.customKeyStoreName() + "\" exists on "
                        + store.get().cloudHsmClusterId());
                ConnectionStateType st = store.get().connectionState();
                add(Step.CONNECT, st == ConnectionStateType.CONNECTED ? Action.EXISTS
                        : st == ConnectionStateType.CONNECTING ? Action.WILL_WAIT : Action.WILL_CREATE, storeId,
                        st == ConnectionStateType.CONNECTED ? "CONNECTED" : st == ConnectionStateType.CONNECTING
                                ? "wait for CONNECTED" : "connect (state " + store.get().connectionStateAsString()
                                + (st == ConnectionStateType.FAILED ? ", disconnect first" : "") + ") and wait for CONNECTED");
            } else {
                add(Step.KEY_STORE, Action.WILL_CREATE, null, "create custom key store \"" + s.customKeyStoreName() + "\"");
                add(Step.CONNECT, Action.WILL_CREATE, null, "connect and wait for CONNECTED");
            }
        }
        KeySteps keys = new KeySteps(s.kms(), quiet);
        for (KeyDefinition def : s.keys()) {
            Optional<KeyMetadata> m = (!s.cloudHsmStore() || storeExists) ? keys.findByAlias(def.alias()) : Optional.empty();
            if (m.isPresent()) {
                add(Step.KEYS, Action.EXISTS, def.alias(), "key " + m.get().keyId() + " (" + m.get().keyStateAsString() + ")");
            } else {
                add(Step.KEYS, Action.WILL_CREATE, def.alias(), "create a " + def.keySpec() + " key"
                        + (s.cloudHsmStore() ? " in the custom key store" : "") + " and alias " + def.alias());
            }
            if (def.rotation()) {
                boolean on = m.isPresent() && AwsCalls.call(Step.ROTATION, def.alias(), "GetKeyRotationStatus",
                        () -> s.kms().getKeyRotationStatus(r -> r.keyId(m.get().keyId())).keyRotationEnabled());
                add(Step.ROTATION, on ? Action.EXISTS : Action.WILL_CREATE, def.alias(), on ? "rotation enabled" : "enable rotation");
            }
        }
        return new Plan(steps, billable);
    }

    private void planCluster(ClusterSteps clusters, Cluster c, boolean storeConnected) {
        String id = c.clusterId();
        String state = c.stateAsString();
        boolean creating = "CREATE_IN_PROGRESS".equals(state);
        add(Step.CLUSTER, creating ? Action.WILL_WAIT : Action.EXISTS, id, "cluster " + id + " is " + state);
        boolean preInit = creating || "UNINITIALIZED".equals(state);
        boolean noHsm = ClusterSteps.liveHsms(c).isEmpty();
        if (preInit && noHsm) {
            add(Step.FIRST_HSM, Action.WILL_CREATE, id, "create 1 HSM and wait for the cluster CSR");
            billable++;
        } else if (preInit) {
            add(Step.FIRST_HSM, Action.WILL_WAIT, id, "wait for the first HSM and the cluster CSR");
        } else {
            add(Step.FIRST_HSM, Action.EXISTS, id, "cluster is past its first HSM");
        }
        if (preInit) {
            add(Step.INITIALIZE, Action.WILL_CREATE, id, "sign the CSR and call InitializeCluster");
        } else if ("INITIALIZE_IN_PROGRESS".equals(state)) {
            add(Step.INITIALIZE, Action.WILL_WAIT, id, "wait for INITIALIZED");
        } else {
            add(Step.INITIALIZE, Action.EXISTS, id, "initialised");
        }
        boolean active = Set.of("ACTIVE", "DEGRADED").contains(state);
        add(Step.ACTIVATE, active && storeConnected ? Action.EXISTS : Action.WILL_CREATE, id,
                active ? (storeConnected ? "cluster is " + state : "cluster is " + state + "; activation will make sure kmsuser exists")
                        : "run the activation (admin password, kmsuser)");
        int wanted = clusters.wantedHsmCount();
        int missing = ClusterSteps.missingHsmZones(c, wanted).size() - (noHsm ? 1 : 0);
        boolean pending = c.hsms().stream().anyMatch(h -> "CREATE_IN_PROGRESS".equals(h.stateAsString()));
        if (missing > 0) {
            add(Step.ADDITIONAL_HSMS, Action.WILL_CREATE, id, "create " + missing + " HSM(s) so " + wanted
                    + " run across the zones " + ClusterSteps.zones(c));
            billable += missing;
        } else {
            add(Step.ADDITIONAL_HSMS, pending ? Action.WILL_WAIT : Action.EXISTS, id,
                    "active HSMs per zone " + ClusterSteps.activeHsmsPerAz(c) + (pending ? "; wait for HSMs being created" : ""));
        }
    }

    private void add(Step step, Action action, String resource, String detail) {
        steps.add(new PlanStep(step, action, java.util.Optional.ofNullable(resource), detail));
    }
}
