package io.github.hsmkeystore.core.internal;

import software.amazon.awssdk.core.SdkClient;

/**
 * What the timed client views of {@link TimedClients} share: the caller's client they delegate to, the timeouts they
 * put on each request, a {@code close} that leaves the caller's client open, and the service name.
 *
 * @param <C> the client interface
 */
abstract class TimedView<C extends SdkClient> {
    final C target;
    final TimedClients.Timeouts timeouts;

    TimedView(C target, TimedClients.Timeouts timeouts) {
        this.target = target;
        this.timeouts = timeouts;
    }

    public String serviceName() {
        return target.serviceName();
    }

    /** Does nothing: the client is the caller's, who closes it. */
    public void close() {
    }

    @Override
    public String toString() {
        return "Timed[" + target + ", " + timeouts + "]";
    }
}
