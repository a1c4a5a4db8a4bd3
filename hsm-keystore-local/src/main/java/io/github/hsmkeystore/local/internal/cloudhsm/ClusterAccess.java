package io.github.hsmkeystore.local.internal.cloudhsm;

import io.github.hsmkeystore.local.internal.Scope;
import io.github.hsmkeystore.local.internal.hsm.HsmBackend;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What KMS (custom key stores) sees of the CloudHSM clusters of the same scope. Implemented by the
 * CloudHSMv2 service; KMS never reaches into its state otherwise. Lock order: KMS may call this while
 * holding its own lock; the CloudHSM side never calls KMS.
 */
public interface ClusterAccess {

    Optional<ClusterView> cluster(Scope scope, String clusterId);

    /** A live view of one cluster: each call reads the current state (transitions due by now applied). */
    interface ClusterView {
        String clusterId();

        /** The CloudHSMv2 {@code ClusterState} name: CREATE_IN_PROGRESS, UNINITIALIZED, INITIALIZED, ACTIVE, DEGRADED, ... */
        String state();

        /** The trust anchor PEM the cluster was initialised with, or null before InitializeCluster. */
        String trustAnchorPem();

        /**
         * Identifies the cluster's backup history (its cluster certificate lineage). Clusters restored from one
         * another's backups share it; KMS uses it for {@code CloudHsmClusterInUseException} and
         * {@code CloudHsmClusterNotRelatedException}.
         */
        String backupLineage();

        /** Availability Zones of the cluster's subnets, in subnet order. */
        List<String> subnetAvailabilityZones();

        /** Number of ACTIVE HSMs per Availability Zone (zones without one are absent). */
        Map<String, Integer> activeHsmsPerAz();

        /** Whether the cluster security group still has its self-referencing 2223-2225 rules (a fault can break it). */
        boolean securityGroupValid();

        /** Whether any subnet of the cluster has been deleted (fault) — KMS reports SUBNET_NOT_FOUND. */
        boolean subnetMissing();

        /** Whether a subnet has no free IP address (fault) — KMS reports INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET. */
        boolean subnetFull();

        /** Logs a crypto user in, with CloudHSM's lock-out after 5 failed attempts. */
        LoginResult login(String username, char[] password);

        /** Sets a user's password (KMS rotates the kmsuser password on connect). */
        void changePassword(String username, char[] newPassword);

        void logout(String username);

        /** The HSM key storage of this cluster; key material never leaves it. */
        HsmBackend backend();
    }

    enum LoginResult {
        OK,
        USER_NOT_FOUND,
        INVALID_CREDENTIALS,
        USER_LOCKED_OUT,
        USER_LOGGED_IN
    }
}
