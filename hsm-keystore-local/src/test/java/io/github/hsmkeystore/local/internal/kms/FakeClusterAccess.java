package io.github.hsmkeystore.local.internal.kms;

import io.github.hsmkeystore.local.internal.Scope;
import io.github.hsmkeystore.local.internal.cloudhsm.ClusterAccess;
import io.github.hsmkeystore.local.internal.hsm.HsmBackend;
import io.github.hsmkeystore.local.internal.hsm.InJvmHsmBackend;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A hand-driven {@link ClusterAccess} for unit tests of the KMS service without the CloudHSMv2 emulator: each
 * cluster is ACTIVE with one HSM in each of two AZs, a kmsuser with a known password and an in-JVM backend.
 * Tests change its fields to produce the situations they need.
 */
final class FakeClusterAccess implements ClusterAccess {
    static final String TRUST_ANCHOR = "-----BEGIN CERTIFICATE-----\nMIIfake\n-----END CERTIFICATE-----\n";

    private final Map<String, FakeCluster> clusters = new ConcurrentHashMap<>();

    FakeCluster add(String clusterId, String kmsuserPassword) {
        FakeCluster c = new FakeCluster(clusterId, kmsuserPassword);
        clusters.put(clusterId, c);
        return c;
    }

    void remove(String clusterId) {
        clusters.remove(clusterId);
    }

    @Override
    public Optional<ClusterView> cluster(Scope scope, String clusterId) {
        return Optional.ofNullable(clusters.get(clusterId));
    }

    static final class FakeCluster implements ClusterView {
        final String id;
        HsmBackend backend = new InJvmHsmBackend();
        final Map<String, Integer> activeHsms = new LinkedHashMap<>(Map.of("us-east-1a", 1, "us-east-1b", 1));
        String state = "ACTIVE";
        /** Clusters restored from one another's backups share it. */
        String lineage;
        char[] kmsuserPassword;
        int logins;

        FakeCluster(String id, String kmsuserPassword) {
            this.id = id;
            this.kmsuserPassword = kmsuserPassword.toCharArray();
            this.lineage = "lineage-" + id;
        }

        @Override
        public String clusterId() {
            return id;
        }

        @Override
        public String state() {
            return state;
        }

        @Override
        public String trustAnchorPem() {
            return TRUST_ANCHOR;
        }

        @Override
        public String backupLineage() {
            return lineage;
        }

        @Override
        public List<String> subnetAvailabilityZones() {
            return List.of("us-east-1a", "us-east-1b");
        }

        @Override
        public Map<String, Integer> activeHsmsPerAz() {
            return Map.copyOf(activeHsms);
        }

        @Override
        public boolean securityGroupValid() {
            return true;
        }

        @Override
        public boolean subnetMissing() {
            return false;
        }

        @Override
        public boolean subnetFull() {
            return false;
        }

        @Override
        public LoginResult login(String username, char[] password) {
            logins++;
            if (!username.equals("kmsuser")) {
                return LoginResult.USER_NOT_FOUND;
            }
            return Arrays.equals(password, kmsuserPassword) ? LoginResult.OK : LoginResult.INVALID_CREDENTIALS;
        }

        @Override
        public void changePassword(String username, char[] newPassword) {
            kmsuserPassword = newPassword.clone();
        }

        @Override
        public void logout(String username) {
        }

        @Override
        public HsmBackend backend() {
            return backend;
        }
    }
}
