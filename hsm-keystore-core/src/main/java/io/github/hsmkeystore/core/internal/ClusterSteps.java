package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.ActivationRequest;
import io.github.hsmkeystore.core.KeyStoreStateException;
import io.github.hsmkeystore.core.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.cloudhsmv2.model.Cluster;
import software.amazon.awssdk.services.cloudhsmv2.model.Hsm;
import software.amazon.awssdk.services.cloudhsmv2.model.Tag;

/** The CloudHSMv2 steps: cluster, HSMs, initialisation, activation. Each step reads first and only creates what is missing. */
public final class ClusterSteps {
    static final Set<String> GONE = Set.of("DELETE_IN_PROGRESS", "DELETED");
    private final Settings s;
    private final CloudHsmV2Client hsm;
    private final Progress progress;
    private final Poller poller;

    public ClusterSteps(Settings settings, Progress progress, Poller poller) {
        this.s = settings;
        this.hsm = settings.cloudHsm();
        this.progress = progress;
        this.poller = poller;
    }

    /** The cluster: the existing id, or the live cluster tagged with the store name; empty if none. */
    public Optional<Cluster> find() {
        if (s.existingClusterId() != null) {
            return describeOptional(s.existingClusterId()).filter(c -> !GONE.contains(c.stateAsString()));
        }
        List<Cluster> tagged = new ArrayList<>();
        AwsCalls.call(Step.CLUSTER, null, "DescribeClusters", () -> {
            String token = null;
            do {
                String next = token;
                var page = poller.describe("DescribeClusters", () -> hsm.describeClusters(r -> r.nextToken(next)));
                page.clusters().stream().filter(c -> !GONE.contains(c.stateAsString()) && taggedWithName(c)).forEach(tagged::add);
                token = page.nextToken();
            } while (token != null);
            return null;
        });
        if (tagged.size() > 1) {
            throw new KeyStoreStateException(tagged.get(0).clusterId(), "Several live clusters carry the tag "
                    + Settings.CLUSTER_TAG + "=" + s.customKeyStoreName() + ": " + tagged.stream().map(Cluster::clusterId).toList()
                    + ". Delete the extra ones or use existingCluster(id).", null);
        }
        return tagged.stream().findFirst();
    }

    private boolean taggedWithName(Cluster c) {
        List<Tag> tags = c.hasTagList() ? c.tagList() : List.of();
        return tags.stream().anyMatch(t -> Settings.CLUSTER_TAG.equals(t.key()) && s.customKeyStoreName().equals(t.value()));
    }

    public Cluster describe(String clusterId) {
        return describeOptional(clusterId).orElseThrow(() -> new KeyStoreStateException(clusterId,
                "Cluster " + clusterId + " does not exist in this account and Region", null));
    }

    private Optional<Cluster> describeOptional(String clusterId) {
        return AwsCalls.call(Step.CLUSTER, clusterId, "DescribeClusters",
                () -> poller.describe("DescribeClusters", () -> hsm.describeClusters(r -> r.filters(Map.of("clusterIds",
                        List.of(clusterId))))).clusters().stream().findFirst());
    }

    /** Finds or creates the cluster, then waits until it has left CREATE_IN_PROGRESS. */
    public Cluster ensureCluster() {
        progress.started(Step.CLUSTER, s.existingClusterId(), "Looking for the cluster");
        Cluster cluster = find().orElse(null);
        if (cluster == null) {
            if (s.existingClusterId() != null) {
                throw new KeyStoreStateException(s.existingClusterId(), "Cluster " + s.existingClusterId()
                        + " does not exist (or is deleted) in this account and Region; check the id or use newCluster(...)", null);
            }
            cluster = AwsCalls.call(Step.CLUSTER, null, "CreateCluster", () -> hsm.createCluster(r -> r
                    .hsmType(s.newCluster().hsmType())
                    .mode(s.newCluster().mode())
                    .subnetIds(s.newCluster().subnetIds())
                    .tagList(Tag.builder().key(Settings.CLUSTER_TAG).value(s.customKeyStoreName()).build())).cluster());
            progress.changed(Step.CLUSTER, cluster.clusterId(), "Created cluster " + cluster.clusterId());
        } else {
            progress.found(Step.CLUSTER, cluster.clusterId(), "Found cluster " + cluster.clusterId() + " in state "
                    + cluster.stateAsString());
        }
        String id = cluster.clusterId();
        if ("CREATE_IN_PROGRESS".equals(cluster.stateAsString())) {
            progress.waiting(Step.CLUSTER, id, "Waiting for cluster " + id + " to be created");
            // the view was just returned by CreateCluster or DescribeClusters: checking again at once is useless
            cluster = poller.await(true, Step.CLUSTER, id, "cluster state past CREATE_IN_PROGRESS", () -> describe(id),
                    Cluster::stateAsString, c -> !"CREATE_IN_PROGRESS".equals(c.stateAsString()));
        }
        progress.completed(Step.CLUSTER, id, "Cluster " + id + " is " + cluster.stateAsString(), true);
        return cluster;
    }

    /** Zones of the cluster, sorted (the subnet mapping's keys). */
    public static List<String> zones(Cluster c) {
        return new ArrayList<>(new TreeMap<>(c.subnetMapping()).keySet());
    }

    /** HSMs that exist or are being created (not deleting, not failed). */
    static List<Hsm> liveHsms(Cluster c) {
        return c.hsms().stream().filter(h -> "ACTIVE".equals(h.stateAsString()) || "CREATE_IN_PROGRESS".equals(h.stateAsString())).toList();
    }

    /** ACTIVE HSMs per zone (zones without one absent). */
    public static Map<String, Integer> activeHsmsPerAz(Cluster c) {
        Map<String, Integer> out = new TreeMap<>();
        c.hsms().stream().filter(h -> "ACTIVE".equals(h.stateAsString()))
                .forEach(h -> out.merge(h.availabilityZone(), 1, Integer::sum));
        return out;
    }

    public int wantedHsmCount() {
        return s.newCluster() != null ? s.newCluster().hsmCount() : 2;
    }

    /** The zones in which HSMs are missing, one entry per HSM to create, for {@code total} HSMs spread round-robin. */
    public static List<String> missingHsmZones(Cluster c, int total) {
        List<String> zones = zones(c);
        Map<String, Integer> want = new LinkedHashMap<>();
        for (int i = 0; i < total && !zones.isEmpty(); i++) {
            want.merge(zones.get(i % zones.size()), 1, Integer::sum);
        }
        Map<String, Integer> have = new TreeMap<>();
        liveHsms(c).forEach(h -> have.merge(h.availabilityZone(), 1, Integer::sum));
        List<String> missing = new ArrayList<>();
        want.forEach((zone, n) -> {
            for (int i = have.getOrDefault(zone, 0); i < n; i++) {
                missing.add(zone);
            }
        });
        return missing;
    }

    /** While UNINITIALIZED: one HSM (it produces the CSR); waits for it and the CSR. */
    public Cluster ensureFirstHsm(Cluster cluster) {
        String id = cluster.clusterId();
        progress.started(Step.FIRST_HSM, id, "Checking the first HSM of " + id);
        if (!"UNINITIALIZED".equals(cluster.stateAsString())) {
            progress.found(Step.FIRST_HSM, id, "Cluster " + id + " is " + cluster.stateAsString() + "; past the first HSM");
            return cluster;
        }
        boolean hsmCreated = liveHsms(cluster).isEmpty();
        if (hsmCreated) {
            String zone = zones(cluster).get(0);
            Hsm created = AwsCalls.call(Step.FIRST_HSM, id, "CreateHsm in " + zone,
                    () -> hsm.createHsm(r -> r.clusterId(id).availabilityZone(zone)).hsm());
            progress.changed(Step.FIRST_HSM, created.hsmId(), "Created HSM " + created.hsmId() + " in " + zone);
        } else {
            progress.found(Step.FIRST_HSM, liveHsms(cluster).get(0).hsmId(), "Found HSM " + liveHsms(cluster).get(0).hsmId());
        }
        progress.waiting(Step.FIRST_HSM, id, "Waiting for the first HSM of " + id + " and the cluster CSR");
        Predicate<Cluster> firstHsmReady = c -> !liveHsms(c).isEmpty()
                && liveHsms(c).stream().allMatch(h -> "ACTIVE".equals(h.stateAsString()))
                && (!"UNINITIALIZED".equals(c.stateAsString()) || csr(c) != null);
        Cluster ready = poller.await(hsmCreated, Step.FIRST_HSM, id, "an ACTIVE HSM and the cluster CSR", () -> describe(id),
                ClusterSteps::hsmStates, firstHsmReady);
        progress.completed(Step.FIRST_HSM, id, "First HSM of " + id + " is ACTIVE", true);
        return ready;
    }

    static String csr(Cluster c) {
        return c.certificates() == null ? null : c.certificates().clusterCsr();
    }

    static String hsmStates(Cluster c) {
        return c.stateAsString() + " " + c.hsms().stream().map(h -> h.hsmId() + "=" + h.stateAsString()).toList();
    }

    /** Signs the CSR and calls InitializeCluster when UNINITIALIZED; waits for INITIALIZED. */
    public Cluster ensureInitialized(Cluster cluster) {
        String id = cluster.clusterId();
        progress.started(Step.INITIALIZE, id, "Checking initialisation of " + id);
        String state = cluster.stateAsString();
        boolean initializing = "INITIALIZE_IN_PROGRESS".equals(state);
        if ("UNINITIALIZED".equals(state)) {
            String signed = s.trustAnchor().sign(csr(cluster));
            AwsCalls.call(Step.INITIALIZE, id, "InitializeCluster", () -> hsm.initializeCluster(r -> r.clusterId(id)
                    .signedCert(signed).trustAnchor(s.trustAnchor().certificatePem())));
            progress.changed(Step.INITIALIZE, id, "Signed the CSR of " + id + " and called InitializeCluster");
        } else if (!initializing) {
            progress.found(Step.INITIALIZE, id, "Cluster " + id + " is already initialised (" + state + ")");
            return cluster;
        }
        progress.waiting(Step.INITIALIZE, id, "Waiting for " + id + " to be INITIALIZED");
        Predicate<Cluster> initialized = c -> !"UNINITIALIZED".equals(c.stateAsString())
                && !"INITIALIZE_IN_PROGRESS".equals(c.stateAsString());
        Cluster done = poller.await(!initializing, Step.INITIALIZE, id, "cluster state INITIALIZED", () -> describe(id),
                Cluster::stateAsString, initialized);
        progress.completed(Step.INITIALIZE, id, "Cluster " + id + " is " + done.stateAsString(), true);
        return done;
    }

    /**
     * Runs the activation when the cluster is INITIALIZED, or ACTIVE while the store is not yet connected (kmsuser
     * may be missing); then waits for ACTIVE.
     */
    public Cluster ensureActivated(Cluster cluster, boolean storeConnected) {
        String id = cluster.clusterId();
        progress.started(Step.ACTIVATE, id, "Checking activation of " + id);
        String state = cluster.stateAsString();
        boolean active = "ACTIVE".equals(state) || "DEGRADED".equals(state);
        if (active && storeConnected) {
            progress.found(Step.ACTIVATE, id, "Cluster " + id + " is " + state + " and its key store is connected");
            return cluster;
        }
        s.activation().activate(new ActivationRequest(id, cluster.state(), s.trustAnchor().certificatePem(),
                ActivationRequest.KMS_USER, s.kmsUserPassword()));
        progress.changed(Step.ACTIVATE, id, "Activation ran for " + id + " (admin password set, kmsuser present)");
        Cluster done = active ? cluster : poller.await(Step.ACTIVATE, id, "cluster state ACTIVE", () -> describe(id),
                Cluster::stateAsString, c -> "ACTIVE".equals(c.stateAsString()) || "DEGRADED".equals(c.stateAsString()));
        progress.completed(Step.ACTIVATE, id, "Cluster " + id + " is " + done.stateAsString(), true);
        return done;
    }

    /** Creates the HSMs still missing (one per zone round-robin) and waits until every HSM is ACTIVE. */
    public Cluster ensureAdditionalHsms(Cluster cluster) {
        String id = cluster.clusterId();
        progress.started(Step.ADDITIONAL_HSMS, id, "Checking the HSMs of " + id);
        List<String> missing = missingHsmZones(cluster, wantedHsmCount());
        for (String zone : missing) {
            Hsm created = AwsCalls.call(Step.ADDITIONAL_HSMS, id, "CreateHsm in " + zone,
                    () -> hsm.createHsm(r -> r.clusterId(id).availabilityZone(zone)).hsm());
            progress.changed(Step.ADDITIONAL_HSMS, created.hsmId(), "Created HSM " + created.hsmId() + " in " + zone);
        }
        if (missing.isEmpty() && liveHsms(cluster).stream().allMatch(h -> "ACTIVE".equals(h.stateAsString()))) {
            progress.found(Step.ADDITIONAL_HSMS, id, "Cluster " + id + " has its HSMs: " + activeHsmsPerAz(cluster));
            return cluster;
        }
        progress.waiting(Step.ADDITIONAL_HSMS, id, "Waiting for the HSMs of " + id + " to be ACTIVE");
        Predicate<Cluster> allActive = c -> liveHsms(c).stream().allMatch(h -> "ACTIVE".equals(h.stateAsString()));
        Cluster done = poller.await(!missing.isEmpty(), Step.ADDITIONAL_HSMS, id, "every HSM ACTIVE", () -> describe(id),
                ClusterSteps::hsmStates, allActive);
        progress.completed(Step.ADDITIONAL_HSMS, id, "Cluster " + id + " has active HSMs per zone " + activeHsmsPerAz(done), true);
        return done;
    }
}
