package io.github.hsmkeystore.core.internal;

import io.github.hsmkeystore.core.ConnectionFailedException;
import io.github.hsmkeystore.core.KeyStoreStateException;
import io.github.hsmkeystore.core.ProvisioningException;
import io.github.hsmkeystore.core.Step;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreNotFoundException;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;

/** The KMS custom key store steps: find or create, connect (with the FAILED handling), disconnect, delete. */
public final class StoreSteps {
    private final Settings s;
    private final KmsClient kms;
    private final Progress progress;
    private final Poller poller;

    public StoreSteps(Settings settings, Progress progress, Poller poller) {
        this.s = settings;
        this.kms = settings.kms();
        this.progress = progress;
        this.poller = poller;
    }

    /** The store with the configured name, if any. */
    public Optional<CustomKeyStoresListEntry> find() {
        try {
            return AwsCalls.call(Step.KEY_STORE, s.customKeyStoreName(), "DescribeCustomKeyStores",
                    () -> poller.describe("DescribeCustomKeyStores", () -> kms.describeCustomKeyStores(r -> r.customKeyStoreName(
                            s.customKeyStoreName()))).customKeyStores().stream().findFirst());
        } catch (ProvisioningException e) {
            if (e.getCause() instanceof CustomKeyStoreNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private CustomKeyStoresListEntry describe(String storeId) {
        return AwsCalls.call(Step.CONNECT, storeId, "DescribeCustomKeyStores",
                () -> poller.describe("DescribeCustomKeyStores", () -> kms.describeCustomKeyStores(r -> r.customKeyStoreId(storeId)))
                        .customKeyStores().get(0));
    }

    /** Finds the store by name (it must be on {@code clusterId}) or creates it. */
    public CustomKeyStoresListEntry ensureStore(String clusterId) {
        String name = s.customKeyStoreName();
        progress.started(Step.KEY_STORE, name, "Looking for custom key store " + name);
        Optional<CustomKeyStoresListEntry> existing = find();
        if (existing.isPresent()) {
            CustomKeyStoresListEntry e = existing.get();
            if (!clusterId.equals(e.cloudHsmClusterId())) {
                throw new KeyStoreStateException(e.customKeyStoreId(), "Custom key store \"" + name + "\" ("
                        + e.customKeyStoreId() + ") exists on cluster " + e.cloudHsmClusterId() + ", not on " + clusterId
                        + ". Choose another customKeyStoreName or use existingCluster(\"" + e.cloudHsmClusterId() + "\").", null);
            }
            progress.found(Step.KEY_STORE, e.customKeyStoreId(), "Found custom key store " + e.customKeyStoreId()
                    + " (" + e.connectionStateAsString() + ")");
            return e;
        }
        String id = AwsCalls.call(Step.KEY_STORE, clusterId, "CreateCustomKeyStore \"" + name + "\" on " + clusterId,
                () -> kms.createCustomKeyStore(r -> r.customKeyStoreName(name).cloudHsmClusterId(clusterId)
                        .trustAnchorCertificate(s.trustAnchor().certificatePem())
                        .keyStorePassword(s.kmsUserPassword().reveal())).customKeyStoreId());
        progress.changed(Step.KEY_STORE, id, "Created custom key store " + id + " on " + clusterId);
        progress.completed(Step.KEY_STORE, id, "Custom key store " + id + " exists", false);
        return describe(id);
    }

    /**
     * Connects the store and waits for CONNECTED. A store left FAILED by an earlier run is disconnected and retried;
     * a connection that ends FAILED is disconnected and reported with its error code and fix.
     */
    public CustomKeyStoresListEntry ensureConnected(CustomKeyStoresListEntry store) {
        String id = store.customKeyStoreId();
        progress.started(Step.CONNECT, id, "Checking the connection of " + id);
        ConnectionStateType state = store.connectionState();
        if (state == ConnectionStateType.CONNECTED) {
            progress.found(Step.CONNECT, id, "Custom key store " + id + " is CONNECTED");
            return store;
        }
        if (state == ConnectionStateType.FAILED || state == ConnectionStateType.DISCONNECTING) {
            if (state == ConnectionStateType.FAILED) {
                disconnectCall(Step.CONNECT, id);
                progress.changed(Step.CONNECT, id, "Disconnected " + id + " (it was FAILED with "
                        + store.connectionErrorCodeAsString() + ") to retry");
            }
            awaitDisconnected(Step.CONNECT, id);
            state = ConnectionStateType.DISCONNECTED;
        }
        boolean connectCalled = state == ConnectionStateType.DISCONNECTED;
        if (connectCalled) {
            AwsCalls.call(Step.CONNECT, id, "ConnectCustomKeyStore", () -> kms.connectCustomKeyStore(r -> r.customKeyStoreId(id)));
            progress.changed(Step.CONNECT, id, "Connecting custom key store " + id);
        }
        progress.waiting(Step.CONNECT, id, "Waiting for " + id + " to be CONNECTED (can take up to 20 minutes on AWS)");
        Predicate<CustomKeyStoresListEntry> settled = e -> e.connectionState() == ConnectionStateType.CONNECTED
                || e.connectionState() == ConnectionStateType.FAILED;
        CustomKeyStoresListEntry done = poller.await(connectCalled, Step.CONNECT, id, "connection state CONNECTED or FAILED",
                () -> describe(id), CustomKeyStoresListEntry::connectionStateAsString, settled);
        if (done.connectionState() != ConnectionStateType.CONNECTED) {
            throw connectionFailed(done);
        }
        progress.completed(Step.CONNECT, id, "Custom key store " + id + " is CONNECTED", true);
        return done;
    }

    private ConnectionFailedException connectionFailed(CustomKeyStoresListEntry failed) {
        String id = failed.customKeyStoreId();
        ConnectionErrorCodeType code = failed.connectionErrorCode() == null
                ? ConnectionErrorCodeType.UNKNOWN_TO_SDK_VERSION : failed.connectionErrorCode();
        String codeName = failed.connectionErrorCodeAsString() != null ? failed.connectionErrorCodeAsString() : "none reported";
        RuntimeException disconnectFailure = null;
        if (failed.connectionState() == ConnectionStateType.FAILED) {
            try {
                disconnectCall(Step.CONNECT, id);
                awaitDisconnected(Step.CONNECT, id);
            } catch (RuntimeException e) {
                disconnectFailure = e;
            }
        }
        String fix = ConnectionErrors.fix(code);
        ConnectionFailedException e = new ConnectionFailedException(id, code, fix, "Custom key store " + id
                + " (cluster " + failed.cloudHsmClusterId() + ") failed to connect: ConnectionState "
                + failed.connectionStateAsString() + ", ConnectionErrorCode " + codeName + ". " + fix
                + (disconnectFailure == null ? " The store was disconnected, so run provision() again after the fix."
                : " Disconnecting it for a retry failed too (see suppressed exception)."));
        if (disconnectFailure != null) {
            e.addSuppressed(disconnectFailure);
        }
        return e;
    }

    private void disconnectCall(Step step, String id) {
        AwsCalls.call(step, id, "DisconnectCustomKeyStore", () -> kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id)));
    }

    private void awaitDisconnected(Step step, String id) {
        poller.await(step, id, "connection state DISCONNECTED", () -> describe(id),
                CustomKeyStoresListEntry::connectionStateAsString, e -> e.connectionState() == ConnectionStateType.DISCONNECTED);
    }

    /** Teardown: disconnects (if needed) and deletes the store. */
    public void disconnectAndDelete(CustomKeyStoresListEntry store) {
        String id = store.customKeyStoreId();
        ConnectionStateType state = store.connectionState();
        progress.started(Step.DISCONNECT, id, "Disconnecting " + id);
        if (state == ConnectionStateType.CONNECTED || state == ConnectionStateType.CONNECTING || state == ConnectionStateType.FAILED) {
            disconnectCall(Step.DISCONNECT, id);
            progress.changed(Step.DISCONNECT, id, "Disconnecting custom key store " + id);
        }
        if (state != ConnectionStateType.DISCONNECTED) {
            awaitDisconnected(Step.DISCONNECT, id);
        }
        progress.completed(Step.DISCONNECT, id, "Custom key store " + id + " is DISCONNECTED", false);
        progress.started(Step.DELETE_KEY_STORE, id, "Deleting " + id);
        AwsCalls.call(Step.DELETE_KEY_STORE, id, "DeleteCustomKeyStore", () -> kms.deleteCustomKeyStore(r -> r.customKeyStoreId(id)));
        progress.completed(Step.DELETE_KEY_STORE, id, "Deleted custom key store " + id, true);
    }

    static boolean isNotFound(SdkException e) {
        return e instanceof CustomKeyStoreNotFoundException;
    }
}
