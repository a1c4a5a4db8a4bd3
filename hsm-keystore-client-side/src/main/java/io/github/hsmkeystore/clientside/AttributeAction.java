package io.github.hsmkeystore.clientside;

import software.amazon.cryptography.dbencryptionsdk.structuredencryption.model.CryptoAction;

/**
 * What DB-ESDK does with one attribute of an item. Primary key attributes are always {@link #SIGN_ONLY}; every other
 * attribute defaults to {@link #ENCRYPT_AND_SIGN} unless the type annotates it ({@code @DynamoDbEncryptionSignOnly},
 * {@code @DynamoDbEncryptionDoNothing}) or the definition says otherwise.
 */
public enum AttributeAction {
    /** Encrypted and covered by the item's signatures: the service stores ciphertext. */
    ENCRYPT_AND_SIGN(CryptoAction.ENCRYPT_AND_SIGN),
    /** Stored in clear, covered by the item's signatures (a change is detected on read). */
    SIGN_ONLY(CryptoAction.SIGN_ONLY),
    /** Stored in clear and not signed: may change without the reader noticing. */
    DO_NOTHING(CryptoAction.DO_NOTHING);

    private final CryptoAction cryptoAction;

    AttributeAction(CryptoAction cryptoAction) {
        this.cryptoAction = cryptoAction;
    }

    /**
     * Returns the DB-ESDK crypto action.
     *
     * @return the DB-ESDK crypto action
     */
    public CryptoAction cryptoAction() {
        return cryptoAction;
    }
}
