package io.github.hsmkeystore.core;

/** Receives a {@link ProvisioningEvent} for each step; called on the provisioning thread. */
@FunctionalInterface
public interface ProvisioningListener {

    /**
     * Receives one progress event.
     *
     * @param event the progress event
     */
    void onEvent(ProvisioningEvent event);
}
