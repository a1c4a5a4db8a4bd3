package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.Activation;
import io.github.hsmkeystore.core.ClusterSpec;
import io.github.hsmkeystore.core.KeyDefinition;
import io.github.hsmkeystore.core.ProvisioningListener;
import io.github.hsmkeystore.core.Secret;
import io.github.hsmkeystore.core.TrustAnchor;
import io.github.hsmkeystore.core.WaitPolicy;
import java.util.List;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Everything a KeyStoreBuilder was given, as the internal steps see it. Nullable: cloudHsm (standard KMS),
 * newCluster/existingClusterId (one of them), trustAnchor, activation, customKeyStoreName, kmsUserPassword.
 */
public record Settings(boolean cloudHsmStore, CloudHsmV2Client cloudHsm, KmsClient kms, ClusterSpec newCluster,
                       String existingClusterId, TrustAnchor trustAnchor, Activation activation,
                       String customKeyStoreName, Secret kmsUserPassword, WaitPolicy waitPolicy,
                       ProvisioningListener listener, List<KeyDefinition> keys, int keyDeletionWindowDays,
                       java.util.function.Function<WaitPolicy, Poller> pollers) {
    /** Tag key put on a cluster created by hsm-keystore, valued with the custom key store name. */
    public static final String CLUSTER_TAG = "hsm-keystore:name";
    /** Tag key put on a key created by hsm-keystore, valued with its alias, so a key whose alias was never created can be found. */
    public static final String KEY_TAG = "hsm-keystore:alias";

    public Settings {
        keys = List.copyOf(keys);
    }

    public Poller newPoller() {
        return pollers.apply(waitPolicy);
    }

    @Override
    public String toString() {
        return "Settings[cloudHsmStore=" + cloudHsmStore + ", customKeyStoreName=" + customKeyStoreName
                + ", existingClusterId=" + existingClusterId + ", newCluster=" + newCluster + ", keys=" + keys
                + ", kmsUserPassword=***]";
    }
}
