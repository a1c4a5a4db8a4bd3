package io.github.hsmkeystore.core;

import io.github.hsmkeystore.local.LocalAdminException;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.util.concurrent.atomic.AtomicInteger;

/** Test activation through the emulator's admin API (what the CloudHSM CLI does on AWS). */
final class EmulatorActivation implements Activation {
    private final LocalHsmKeyStore local;
    private final Secret adminPassword;
    final AtomicInteger calls = new AtomicInteger();

    EmulatorActivation(LocalHsmKeyStore local, Secret adminPassword) {
        this.local = local;
        this.adminPassword = adminPassword;
    }

    @Override
    public void activate(ActivationRequest request) {
        calls.incrementAndGet();
        if (!request.clusterActive()) {
            local.activateCluster(request.clusterId(), adminPassword.chars());
        }
        try {
            local.createCryptoUser(request.clusterId(), request.cryptoUserName(), request.cryptoUserPassword().chars());
        } catch (LocalAdminException e) {
            if (!e.getMessage().contains("already exists")) {
                throw e;
            }
        }
    }
}
