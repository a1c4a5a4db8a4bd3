package io.github.hsmkeystore.local.internal.hsm;

import java.util.Objects;

/**
 * An {@link HsmBackend} behind a modelled network hop ({@link HsmNetworkModel}): key generation, encrypt and decrypt
 * first wait for the hop, then run in the wrapped backend. {@link #hasKey} and {@link #destroyKey} do not wait: they
 * are the emulator's bookkeeping (KMS destroys backing keys asynchronously, outside any request). Callers must not
 * hold a lock while calling the waiting methods.
 */
final class NetworkModelHsmBackend implements HsmBackend {
    private final HsmBackend delegate;
    private final HsmNetworkModel model;

    NetworkModelHsmBackend(HsmBackend delegate, HsmNetworkModel model) {
        this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
        this.model = Objects.requireNonNull(model, "model must not be null");
    }

    @Override
    public String generateAesKey(String label) {
        model.hop();
        return delegate.generateAesKey(label);
    }

    @Override
    public byte[] encrypt(String handle, byte[] iv, byte[] plaintext, byte[] aad) {
        model.hop();
        return delegate.encrypt(handle, iv, plaintext, aad);
    }

    @Override
    public byte[] decrypt(String handle, byte[] iv, byte[] ciphertext, byte[] aad) {
        model.hop();
        return delegate.decrypt(handle, iv, ciphertext, aad);
    }

    @Override
    public void destroyKey(String handle) {
        delegate.destroyKey(handle);
    }

    @Override
    public boolean hasKey(String handle) {
        return delegate.hasKey(handle);
    }

    @Override
    public java.util.Map<String, javax.crypto.SecretKey> exportForBackup() {
        return delegate.exportForBackup();
    }

    @Override
    public boolean importFromBackup(java.util.Map<String, javax.crypto.SecretKey> keys) {
        return delegate.importFromBackup(keys);
    }

    @Override
    public String describe() {
        return delegate.describe() + " behind a modelled hop (" + model.roundTrip().toNanos() / 1e6 + " ms +/- "
                + model.jitter().toNanos() / 1e6 + " ms)";
    }

    @Override
    public void close() {
        delegate.close();
    }
}
