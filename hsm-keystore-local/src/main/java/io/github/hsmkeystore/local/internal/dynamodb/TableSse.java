package io.github.hsmkeystore.local.internal.dynamodb;

import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Scope;
import io.github.hsmkeystore.local.internal.kms.KmsKeyAccess;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A table's encryption at rest (aws-semantics 5.2-5.5). Every table has a 256-bit table key that encrypts its items.
 * With the AWS owned key it stays inside the emulator; with a KMS key it comes from one GenerateDataKey with DynamoDB's
 * encryption context, only its ciphertext is kept, and its plaintext is cached for 5 minutes of emulator time. When a
 * refresh fails because the KMS key is unusable, the table becomes inaccessible until a later refresh succeeds.
 */
final class TableSse {
    static final Duration CACHE = Duration.ofMinutes(5);
    static final Duration ARCHIVE_AFTER = Duration.ofDays(7);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** ARN of the KMS key, or null for the AWS owned key. */
    final String kmsKeyArn;
    private final byte[] encryptedTableKey;
    private SecretKey cached;
    private Instant cachedUntil;
    Instant inaccessibleSince;
    /** While a key switch is in progress: SSEDescription.Status UPDATING until this instant. */
    Instant updatingUntil;
    /** The grant DynamoDB holds on a customer managed key for this table (null for AWS owned and AWS managed keys). */
    String grantId;

    private TableSse(String kmsKeyArn, byte[] encryptedTableKey, SecretKey plaintext, Instant now) {
        this.kmsKeyArn = kmsKeyArn;
        this.encryptedTableKey = encryptedTableKey;
        this.cached = plaintext;
        this.cachedUntil = kmsKeyArn == null ? Instant.MAX : now.plus(CACHE);
    }

    static TableSse awsOwned() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new TableSse(null, null, new SecretKeySpec(key, "AES"), Instant.MIN);
    }

    /** One GenerateDataKey under the table's KMS key, as DynamoDB does at CreateTable or a key switch. */
    static TableSse kms(KmsKeyAccess kms, Scope scope, String keyArn, String tableName, Instant now) {
        KmsKeyAccess.DataKey dataKey = kms.generateDataKey(scope, keyArn, context(scope, tableName));
        SecretKey plaintext = new SecretKeySpec(dataKey.plaintext(), "AES");
        java.util.Arrays.fill(dataKey.plaintext(), (byte) 0);
        return new TableSse(dataKey.keyArn(), dataKey.ciphertextBlob(), plaintext, now);
    }

    static Map<String, String> context(Scope scope, String tableName) {
        return Map.of("aws:dynamodb:tableName", tableName, "aws:dynamodb:subscriberId", scope.accountId());
    }

    /**
     * The table key for an item operation; refreshes it through KMS Decrypt when the cache expired.
     *
     * @throws AwsException AccessDeniedException when KMS refuses (the table is then inaccessible)
     */
    SecretKey tableKey(KmsKeyAccess kms, Scope scope, String tableName, Instant now) {
        if (!refresh(kms, scope, tableName, now)) {
            throw AwsException.client("AccessDeniedException", "KMS key access denied error: the table's KMS key " + kmsKeyArn
                    + " cannot be used (table " + tableName + " is INACCESSIBLE_ENCRYPTION_CREDENTIALS since " + inaccessibleSince
                    + "). Enable the key or reconnect its custom key store.");
        }
        return cached;
    }

    /** Refreshes the cached table key if it expired; returns whether the key is usable. */
    boolean refresh(KmsKeyAccess kms, Scope scope, String tableName, Instant now) {
        if (cached != null && now.isBefore(cachedUntil)) {
            return true;
        }
        cached = null;
        try {
            byte[] plaintext = kms.decrypt(scope, encryptedTableKey, context(scope, tableName));
            cached = new SecretKeySpec(plaintext, "AES");
            java.util.Arrays.fill(plaintext, (byte) 0);
            cachedUntil = now.plus(CACHE);
            inaccessibleSince = null;
            return true;
        } catch (AwsException e) {
            if (inaccessibleSince == null) {
                inaccessibleSince = now;
            }
            return false;
        }
    }

    boolean archived(Instant now) {
        return inaccessibleSince != null && !now.isBefore(inaccessibleSince.plus(ARCHIVE_AFTER));
    }
}
