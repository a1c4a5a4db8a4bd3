package io.github.hsmkeystore.core;

/**
 * How a cluster gets activated (the admin password set) and the {@code kmsuser} crypto user created. On AWS
 * this is not an API call: it happens with the CloudHSM CLI on a host inside the cluster's VPC.
 * Implementations: {@link CloudHsmCliActivation} (runs the CLI), {@link RequireActiveActivation} (only checks,
 * and otherwise says which commands to run), and {@code LocalEmulatorActivation} of hsm-keystore-testing (the admin API of the
 * hsm-keystore-local emulator).
 *
 * <p>Provisioning calls {@link #activate} when the cluster is INITIALIZED, and again while it is ACTIVE but the
 * custom key store is not yet CONNECTED; an implementation must therefore tolerate an already active cluster
 * and an existing kmsuser.
 */
@FunctionalInterface
public interface Activation {

    /**
     * Activates the cluster if needed and makes sure the crypto user exists with the given password.
     *
     * @param request the cluster, its state and the crypto user to create
     * @throws HsmKeyStoreException if activation fails
     */
    void activate(ActivationRequest request);
}
