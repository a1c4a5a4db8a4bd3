package io.github.hsmkeystore.core;

import java.util.Objects;
import software.amazon.awssdk.services.cloudhsmv2.model.ClusterState;

/**
 * What an {@link Activation} needs. {@link #toString()} never shows the password.
 *
 * @param clusterId the cluster to activate
 * @param clusterState its current CloudHSMv2 state, e.g. {@link ClusterState#INITIALIZED} or {@link ClusterState#ACTIVE}
 * @param trustAnchorPem the trust anchor the cluster was initialised with ({@code customerCA.crt})
 * @param cryptoUserName the crypto user KMS logs in as: {@code kmsuser}
 * @param cryptoUserPassword its password (the custom key store's {@code KeyStorePassword})
 */
public record ActivationRequest(String clusterId, ClusterState clusterState, String trustAnchorPem, String cryptoUserName,
                                Secret cryptoUserPassword) {
    /** The crypto user name KMS requires. */
    public static final String KMS_USER = "kmsuser";

    /**
     * Checks that no component is null.
     *
     * @param clusterId the cluster to activate
     * @param clusterState its current CloudHSMv2 state, e.g. {@link ClusterState#INITIALIZED} or {@link ClusterState#ACTIVE}
     * @param trustAnchorPem the trust anchor the cluster was initialised with ({@code customerCA.crt})
     * @param cryptoUserName the crypto user KMS logs in as: {@code kmsuser}
     * @param cryptoUserPassword its password (the custom key store's {@code KeyStorePassword})
     */
    public ActivationRequest {
        Objects.requireNonNull(clusterId, "clusterId must not be null");
        Objects.requireNonNull(clusterState, "clusterState must not be null");
        Objects.requireNonNull(trustAnchorPem, "trustAnchorPem must not be null");
        Objects.requireNonNull(cryptoUserName, "cryptoUserName must not be null");
        Objects.requireNonNull(cryptoUserPassword, "cryptoUserPassword must not be null");
    }

    /**
     * Returns whether the cluster is already ACTIVE (only the crypto user may be missing).
     *
     * @return whether the cluster is already ACTIVE (only the crypto user may be missing)
     */
    public boolean clusterActive() {
        return clusterState == ClusterState.ACTIVE;
    }

    @Override
    public String toString() {
        return "ActivationRequest[clusterId=" + clusterId + ", clusterState=" + clusterState + ", cryptoUserName="
                + cryptoUserName + ", cryptoUserPassword=***]";
    }
}
