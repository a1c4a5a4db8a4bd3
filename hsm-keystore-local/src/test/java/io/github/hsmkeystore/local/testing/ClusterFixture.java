package io.github.hsmkeystore.local.testing;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.cloudhsmv2.model.Cluster;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterState;
import software.amazon.awssdk.services.cloudhsmv2.model.Hsm;
import software.amazon.awssdk.services.cloudhsmv2.model.HsmState;

/**
 * Drives the CloudHSM runbook against the emulator with the SDK (aws-semantics 4.3): create a cluster, HSMs,
 * initialise it with a CSR signed by a test CA, activate it and create {@code kmsuser}.
 */
public final class ClusterFixture {
    public static final String ADMIN_PASSWORD = "adminPass1";
    public static final String KMSUSER_PASSWORD = "kmsuserPass1";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final LocalHsmKeyStore local;
    private final CloudHsmV2Client hsm;
    private final TestCa ca;

    public ClusterFixture(LocalHsmKeyStore local) {
        this(local, TestCa.create("customerCA"));
    }

    public ClusterFixture(LocalHsmKeyStore local, TestCa ca) {
        this.local = local;
        this.hsm = local.cloudHsmClient();
        this.ca = ca;
    }

    public TestCa ca() {
        return ca;
    }

    /** The trust anchor the fixture's clusters are initialised with. */
    public String trustAnchorPem() {
        return ca.certificatePem();
    }

    /** Creates a cluster on two subnets (two AZs) and waits until it is UNINITIALIZED. */
    public String createCluster() {
        String id = hsm.createCluster(r -> r.hsmType("hsm2m.medium").subnetIds("subnet-0a1b2c3d", "subnet-4e5f6a7b"))
                .cluster().clusterId();
        awaitCluster(id, c -> c.state() == ClusterState.UNINITIALIZED);
        return id;
    }

    /** Creates an HSM in the AZ and waits until it is ACTIVE. */
    public String createHsm(String clusterId, String availabilityZone) {
        String hsmId = hsm.createHsm(r -> r.clusterId(clusterId).availabilityZone(availabilityZone)).hsm().hsmId();
        awaitCluster(clusterId, c -> c.hsms().stream().anyMatch(h -> h.hsmId().equals(hsmId) && h.state() == HsmState.ACTIVE));
        return hsmId;
    }

    /** Signs the cluster CSR with the fixture CA, initialises the cluster and waits until it is INITIALIZED. */
    public void initialize(String clusterId) {
        String csr = awaitCluster(clusterId, c -> c.certificates() != null && c.certificates().clusterCsr() != null)
                .certificates().clusterCsr();
        hsm.initializeCluster(r -> r.clusterId(clusterId).signedCert(ca.sign(csr)).trustAnchor(ca.certificatePem()));
        awaitCluster(clusterId, c -> c.state() == ClusterState.INITIALIZED);
    }

    /** The whole runbook up to an ACTIVE cluster with one ACTIVE HSM in each of two AZs and a kmsuser. */
    public String activeCluster() {
        String id = createCluster();
        String region = local.region().id();
        createHsm(id, region + "a");
        initialize(id);
        local.activateCluster(id, ADMIN_PASSWORD.toCharArray());
        local.createCryptoUser(id, "kmsuser", KMSUSER_PASSWORD.toCharArray());
        createHsm(id, region + "b");
        return id;
    }

    public Cluster describe(String clusterId) {
        List<Cluster> clusters = hsm.describeClusters(r -> r.filters(java.util.Map.of("clusterIds", List.of(clusterId)))).clusters();
        if (clusters.isEmpty()) {
            throw new IllegalStateException("No cluster " + clusterId);
        }
        return clusters.get(0);
    }

    public Hsm hsmIn(String clusterId, String availabilityZone) {
        return describe(clusterId).hsms().stream().filter(h -> h.availabilityZone().equals(availabilityZone)).findFirst()
                .orElseThrow();
    }

    /** Polls DescribeClusters until the predicate holds (20 s at most). */
    public Cluster awaitCluster(String clusterId, Predicate<Cluster> condition) {
        return await(() -> describe(clusterId), condition, "cluster " + clusterId);
    }

    public static <T> T await(Supplier<T> read, Predicate<T> condition, String what) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        T value = read.get();
        while (!condition.test(value)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + TIMEOUT + " waiting for " + what + "; last: " + value);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            value = read.get();
        }
        return value;
    }
}
