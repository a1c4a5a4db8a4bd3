package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.KeyDefinition;
import io.github.hsmkeystore.core.KmsKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudhsmv2.model.Cluster;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;

/** Runs the steps of {@code provision()} in order; every step reads first, so a re-run converges. */
public final class Provisioner {
    private final Settings s;
    private final Progress progress;
    private final Poller poller;

    /** The outcome: ids of what was provisioned. {@code storeId}, {@code clusterId} null for standard KMS. */
    public record Provisioned(String storeId, String clusterId, List<KmsKey> keys) {
    }

    public Provisioner(Settings settings) {
        this.s = settings;
        this.progress = new Progress(settings.listener());
        this.poller = settings.newPoller();
    }

    public Provisioned provision() {
        ConfigValidator.check(s);
        KeySteps keys = new KeySteps(s.kms(), progress);
        if (!s.cloudHsmStore()) {
            List<KmsKey> out = new ArrayList<>();
            for (KeyDefinition def : s.keys()) {
                KmsKey key = keys.ensureKey(def, null);
                keys.ensureRotation(def, key);
                out.add(key);
            }
            return new Provisioned(null, null, out);
        }
        ClusterSteps clusters = new ClusterSteps(s, progress, poller);
        StoreSteps stores = new StoreSteps(s, progress, poller);
        Cluster cluster = clusters.ensureCluster();
        cluster = clusters.ensureFirstHsm(cluster);
        cluster = clusters.ensureInitialized(cluster);
        String clusterId = cluster.clusterId();
        boolean active = "ACTIVE".equals(cluster.stateAsString()) || "DEGRADED".equals(cluster.stateAsString());
        // an INITIALIZED cluster needs the activation whatever the store looks like
        Optional<CustomKeyStoresListEntry> store = active ? stores.find() : Optional.empty();
        boolean connected = store.filter(e -> clusterId.equals(e.cloudHsmClusterId())
                && e.connectionState() == ConnectionStateType.CONNECTED).isPresent();
        cluster = clusters.ensureActivated(cluster, connected);
        clusters.ensureAdditionalHsms(cluster);
        CustomKeyStoresListEntry entry = stores.ensureConnected(stores.ensureStore(clusterId));
        List<KmsKey> out = new ArrayList<>();
        for (KeyDefinition def : s.keys()) {
            out.add(keys.ensureKey(def, entry.customKeyStoreId()));
        }
        return new Provisioned(entry.customKeyStoreId(), clusterId, out);
    }

    /** The key behind an alias, checked to belong to this store (by name; none for standard KMS), if the alias exists. */
    public static Optional<KmsKey> findKey(Settings s, String alias) {
        KeySteps keys = new KeySteps(s.kms(), new Progress(null));
        Optional<software.amazon.awssdk.services.kms.model.KeyMetadata> m = keys.findByAlias(alias);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        String storeId = null;
        if (s.cloudHsmStore()) {
            storeId = new StoreSteps(s, new Progress(null), s.newPoller()).find()
                    .map(CustomKeyStoresListEntry::customKeyStoreId).orElse(null);
            if (storeId == null) {
                throw new io.github.hsmkeystore.core.KeyStoreStateException(s.customKeyStoreName(), "Custom key store \""
                        + s.customKeyStoreName() + "\" does not exist, so " + alias + " cannot be one of its keys. Run provision().", null);
            }
        }
        KeySteps.check(m.get(), alias, storeId);
        var k = m.get();
        return Optional.of(new KmsKey(k.keyId(), k.arn(), alias, k.origin(), Optional.ofNullable(k.customKeyStoreId())));
    }

    /** Creates or reuses one more key after provisioning ({@code ProvisionedKeyStore.key(...)}). */
    public static KmsKey addKey(Settings s, KeyDefinition def, String storeId) {
        List<String> problems = ConfigValidator.keyProblems(def, s.cloudHsmStore());
        if (!problems.isEmpty()) {
            throw new io.github.hsmkeystore.core.InvalidConfigurationException(problems);
        }
        KeySteps keys = new KeySteps(s.kms(), new Progress(s.listener()));
        KmsKey key = keys.ensureKey(def, storeId);
        if (!s.cloudHsmStore()) {
            keys.ensureRotation(def, key);
        }
        return key;
    }
}
