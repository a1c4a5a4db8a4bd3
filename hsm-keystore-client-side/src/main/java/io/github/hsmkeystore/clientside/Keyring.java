package io.github.hsmkeystore.clientside;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CacheType;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsHierarchicalKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.DefaultCache;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * Which DB-ESDK keyring protects the items' data keys.
 *
 * <ul>
 *   <li>{@link #kms}: one KMS call per item (GenerateDataKey per put, Decrypt per get). Every call counts toward the
 *       custom key store's 1,800 requests/s quota and pays the HSM round trip.</li>
 *   <li>{@link #hierarchical}: data keys wrapped by a branch key that KMS unwraps once per cache TTL; puts and gets
 *       then make no KMS call. The remedy AWS documents for high request rates.</li>
 * </ul>
 */
public final class Keyring {
    private final BranchKeyStore branchKeys;
    private final String branchKeyId;
    private final Duration cacheTtl;

    private Keyring(BranchKeyStore branchKeys, String branchKeyId, Duration cacheTtl) {
        this.branchKeys = branchKeys;
        this.branchKeyId = branchKeyId;
        this.cacheTtl = cacheTtl;
    }

    /**
     * Returns the AWS KMS keyring on the table's KMS key.
     *
     * @return the AWS KMS keyring on the table's KMS key
     */
    public static Keyring kms() {
        return new Keyring(null, null, null);
    }

    /**
     * Returns the hierarchical keyring.
     *
     * @param branchKeys the key store (its table encrypted with the same KMS key)
     * @param branchKeyId the branch key, from {@link BranchKeyStore#createBranchKey()}
     * @param cacheTtl how long the keyring (and the beacon key source) keep an unwrapped branch key: 1 s to 1 day.
     *     Longer means fewer KMS calls, and a disabled key or disconnected store noticed later.
     * @return the hierarchical keyring
     */
    public static Keyring hierarchical(BranchKeyStore branchKeys, String branchKeyId, Duration cacheTtl) {
        Objects.requireNonNull(branchKeys, "branchKeys must not be null");
        Objects.requireNonNull(branchKeyId, "branchKeyId must not be null");
        Objects.requireNonNull(cacheTtl, "cacheTtl must not be null");
        if (cacheTtl.compareTo(Duration.ofSeconds(1)) < 0 || cacheTtl.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("cacheTtl " + cacheTtl + ": between 1 second and 1 day");
        }
        return new Keyring(branchKeys, branchKeyId, cacheTtl);
    }

    /**
     * Returns whether this is the hierarchical keyring.
     *
     * @return whether this is the hierarchical keyring
     */
    public boolean isHierarchical() {
        return branchKeys != null;
    }

    /**
     * Returns the key store of the hierarchical keyring, or empty for the KMS keyring.
     *
     * @return the key store of the hierarchical keyring, or empty for the KMS keyring
     */
    public Optional<BranchKeyStore> branchKeys() {
        return Optional.ofNullable(branchKeys);
    }

    /**
     * Returns the branch key id of the hierarchical keyring, or empty for the KMS keyring.
     *
     * @return the branch key id of the hierarchical keyring, or empty for the KMS keyring
     */
    public Optional<String> branchKeyId() {
        return Optional.ofNullable(branchKeyId);
    }

    /**
     * Returns the cache TTL of the hierarchical keyring, or empty for the KMS keyring.
     *
     * @return the cache TTL of the hierarchical keyring, or empty for the KMS keyring
     */
    public Optional<Duration> cacheTtl() {
        return Optional.ofNullable(cacheTtl);
    }

    /** Builds the material providers' keyring for {@code kmsKeyArn}. */
    IKeyring create(KmsClient kms, String kmsKeyArn) {
        MaterialProviders mpl = MaterialProviders.builder().MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
                .build();
        if (!isHierarchical()) {
            return mpl.CreateAwsKmsKeyring(CreateAwsKmsKeyringInput.builder().kmsKeyId(kmsKeyArn).kmsClient(kms).build());
        }
        return mpl.CreateAwsKmsHierarchicalKeyring(CreateAwsKmsHierarchicalKeyringInput.builder()
                .keyStore(branchKeys.keyStore())
                .branchKeyId(branchKeyId)
                .ttlSeconds(cacheTtl.toSeconds())
                .cache(CacheType.builder().Default(DefaultCache.builder().entryCapacity(100).build()).build())
                .build());
    }

    @Override
    public String toString() {
        return isHierarchical() ? "hierarchical keyring (key store " + branchKeys.table().tableName() + ", branch key "
                + branchKeyId + ", cache TTL " + cacheTtl + ")" : "KMS keyring";
    }
}
