package io.github.hsmkeystore.clientside;

import software.amazon.cryptography.materialproviders.model.DBEAlgorithmSuiteId;

/**
 * The DB-ESDK algorithm suite of a client-side encrypted table: both encrypt with AES-256-GCM under a key-committing
 * HKDF-SHA512 derivation and sign each item with HMAC-SHA384; they differ in the per-item ECDSA P-384 signature
 * (docs/client-side-encryption.md, "Algorithm suites").
 */
public enum AlgorithmSuite {
    /**
     * DB-ESDK's default: adds an ECDSA P-384 signature to each item, so that a reader who can decrypt cannot forge
     * items. Costs an asymmetric signature per put and a verification per get (several times slower than the rest).
     */
    ECDSA_P384_SIGNED(DBEAlgorithmSuiteId.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384_SYMSIG_HMAC_SHA384),
    /**
     * Symmetric signature only (HMAC-SHA384): every holder of the data key can both read and write items. The choice
     * when the same service writes and reads, and the fast one.
     */
    SYMMETRIC_SIGNATURE_ONLY(DBEAlgorithmSuiteId.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_SYMSIG_HMAC_SHA384);

    private final DBEAlgorithmSuiteId id;

    AlgorithmSuite(DBEAlgorithmSuiteId id) {
        this.id = id;
    }

    /**
     * Returns the DB-ESDK algorithm suite id.
     *
     * @return the DB-ESDK algorithm suite id
     */
    public DBEAlgorithmSuiteId id() {
        return id;
    }
}
