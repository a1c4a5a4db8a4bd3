package io.github.hsmkeystore.local.internal.hsm;

/** A cipher operation in an HSM backend failed (bad tag, unknown handle, token error). */
public final class HsmCryptoException extends RuntimeException {
    public HsmCryptoException(String message, Throwable cause) {
        super(message, cause);
    }

    public HsmCryptoException(String message) {
        super(message);
    }
}
