package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.KeyDefinition;
import io.github.hsmkeystore.core.KeyNotUsableException;
import io.github.hsmkeystore.core.KeyStoreStateException;
import io.github.hsmkeystore.core.KmsKey;
import io.github.hsmkeystore.core.ProvisioningException;
import io.github.hsmkeystore.core.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The KMS key steps: find a key by alias or create it (tagged with its alias, so a key whose alias was never created
 * after an interruption is found again instead of duplicated), create the alias, enable rotation for standard keys.
 */
public final class KeySteps {
    private final KmsClient kms;
    private final Progress progress;

    public KeySteps(KmsClient kms, Progress progress) {
        this.kms = kms;
        this.progress = progress;
    }

    /** The key an alias points to, if the alias exists. */
    public Optional<KeyMetadata> findByAlias(String alias) {
        try {
            return Optional.of(AwsCalls.call(Step.KEYS, alias, "DescribeKey " + alias,
                    () -> kms.describeKey(r -> r.keyId(alias)).keyMetadata()));
        } catch (ProvisioningException e) {
            if (e.getCause() instanceof NotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A key tagged with {@code alias} by an earlier interrupted run, in {@code storeId} (null: standard), not pending deletion. */
    Optional<KeyMetadata> findOrphan(String alias, String storeId) {
        List<KeyListEntry> keys = new ArrayList<>();
        AwsCalls.call(Step.KEYS, alias, "ListKeys", () -> {
            kms.listKeysPaginator(r -> { }).keys().forEach(keys::add);
            return null;
        });
        for (KeyListEntry k : keys) {
            boolean tagged = AwsCalls.call(Step.KEYS, k.keyId(), "ListResourceTags", () -> kms.listResourceTags(r -> r.keyId(k.keyId()))
                    .tags().stream().anyMatch(t -> Settings.KEY_TAG.equals(t.tagKey()) && alias.equals(t.tagValue())));
            if (tagged) {
                KeyMetadata m = AwsCalls.call(Step.KEYS, k.keyId(), "DescribeKey", () -> kms.describeKey(r -> r.keyId(k.keyId())).keyMetadata());
                if (m.keyState() != KeyState.PENDING_DELETION && Objects.equals(storeId, m.customKeyStoreId())) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Finds the key by alias, or an orphan tagged with it, or creates it; then creates the alias if missing.
     *
     * @param storeId the custom key store id, or null for a standard KMS key
     */
    public KmsKey ensureKey(KeyDefinition def, String storeId) {
        String alias = def.alias();
        progress.started(Step.KEYS, alias, "Looking for key " + alias);
        Optional<KeyMetadata> existing = findByAlias(alias);
        if (existing.isPresent()) {
            KeyMetadata m = existing.get();
            check(m, alias, storeId);
            KeyUsability.require(kms, m, "Alias " + alias, Step.KEYS);
            progress.found(Step.KEYS, m.keyId(), "Found key " + m.keyId() + " for " + alias + " (" + m.keyStateAsString() + ")");
            progress.found(Step.ALIASES, alias, "Alias " + alias + " exists");
            return new KmsKey(m.keyId(), m.arn(), alias, m.origin(), Optional.ofNullable(m.customKeyStoreId()));
        }
        KeyMetadata key = findOrphan(alias, storeId).orElse(null);
        if (key != null) {
            KeyUsability.require(kms, key, "Key tagged for " + alias, Step.KEYS);
            progress.found(Step.KEYS, key.keyId(), "Found key " + key.keyId() + " tagged for " + alias + " without its alias");
        } else {
            List<Tag> tags = new ArrayList<>();
            tags.add(Tag.builder().tagKey(Settings.KEY_TAG).tagValue(alias).build());
            def.tags().forEach((k, v) -> tags.add(Tag.builder().tagKey(k).tagValue(v).build()));
            key = AwsCalls.call(Step.KEYS, storeId, "CreateKey for " + alias, () -> kms.createKey(r -> {
                r.description(def.description()).keySpec(def.keySpec()).keyUsage(def.keyUsage()).tags(tags);
                if (storeId != null) {
                    r.origin(OriginType.AWS_CLOUDHSM).customKeyStoreId(storeId);
                } else {
                    r.multiRegion(def.multiRegion());
                }
            }).keyMetadata());
            progress.changed(Step.KEYS, key.keyId(), "Created key " + key.keyId() + " for " + alias);
        }
        String keyId = key.keyId();
        AwsCalls.call(Step.ALIASES, alias, "CreateAlias " + alias, () -> kms.createAlias(r -> r.aliasName(alias).targetKeyId(keyId)));
        progress.changed(Step.ALIASES, alias, "Created alias " + alias + " for key " + keyId);
        progress.completed(Step.KEYS, keyId, "Key " + alias + " is " + keyId, false);
        return new KmsKey(keyId, key.arn(), alias, key.origin(), Optional.ofNullable(key.customKeyStoreId()));
    }

    static void check(KeyMetadata m, String alias, String storeId) {
        if (m.keyState() == KeyState.PENDING_DELETION) {
            throw new KeyNotUsableException(m.keyId(), m.keyState(), null, "Alias " + alias + " points to key " + m.keyId()
                    + ", which is pending deletion (until " + m.deletionDate() + "). Cancel the deletion (CancelKeyDeletion, "
                    + "then EnableKey) or choose another alias.");
        }
        if (!Objects.equals(storeId, m.customKeyStoreId())) {
            throw new KeyStoreStateException(m.keyId(), "Alias " + alias + " points to key " + m.keyId() + " in "
                    + (m.customKeyStoreId() == null ? "standard KMS" : "custom key store " + m.customKeyStoreId())
                    + ", not in " + (storeId == null ? "standard KMS" : "custom key store " + storeId)
                    + ". Choose another alias or delete the old one.", null);
        }
    }

    /** Enables automatic rotation of a standard key if requested and not yet on. */
    public void ensureRotation(KeyDefinition def, KmsKey key) {
        if (!def.rotation()) {
            return;
        }
        progress.started(Step.ROTATION, key.keyId(), "Checking rotation of " + def.alias());
        boolean enabled = AwsCalls.call(Step.ROTATION, key.keyId(), "GetKeyRotationStatus",
                () -> kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled());
        if (enabled && (def.rotationPeriodInDays().isEmpty() || def.rotationPeriodInDays().get().equals(period(key)))) {
            progress.found(Step.ROTATION, key.keyId(), "Rotation of " + def.alias() + " is enabled");
            return;
        }
        AwsCalls.call(Step.ROTATION, key.keyId(), "EnableKeyRotation", () -> kms.enableKeyRotation(r -> {
            r.keyId(key.keyId());
            def.rotationPeriodInDays().ifPresent(r::rotationPeriodInDays);
        }));
        progress.changed(Step.ROTATION, key.keyId(), "Enabled rotation of " + def.alias());
    }

    private Integer period(KmsKey key) {
        return AwsCalls.call(Step.ROTATION, key.keyId(), "GetKeyRotationStatus",
                () -> kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).rotationPeriodInDays());
    }

    /** Teardown: schedules deletion of the key behind the alias unless already pending; returns the deletion date. */
    public Optional<java.time.Instant> scheduleDeletion(String alias, int windowDays) {
        Optional<KeyMetadata> m = findByAlias(alias);
        if (m.isEmpty()) {
            progress.found(Step.SCHEDULE_KEY_DELETION, alias, "No key behind " + alias);
            return Optional.empty();
        }
        KeyMetadata key = m.get();
        if (key.keyState() == KeyState.PENDING_DELETION) {
            progress.found(Step.SCHEDULE_KEY_DELETION, key.keyId(), "Key " + key.keyId() + " is already pending deletion until "
                    + key.deletionDate());
            return Optional.ofNullable(key.deletionDate());
        }
        java.time.Instant date = AwsCalls.call(Step.SCHEDULE_KEY_DELETION, key.keyId(), "ScheduleKeyDeletion",
                () -> kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(windowDays)).deletionDate());
        progress.changed(Step.SCHEDULE_KEY_DELETION, key.keyId(), "Scheduled deletion of key " + key.keyId() + " (" + alias
                + ") for " + date);
        return Optional.ofNullable(date);
    }
}
