package io.github.hsmkeystore.local.internal.cloudhsm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsJsonService;
import io.github.hsmkeystore.local.internal.EmulatorClock;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.Scope;
import io.github.hsmkeystore.local.internal.hsm.HsmBackend;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** CloudHSMv2 ({@code BaldrApiService}, JSON 1.1): clusters, HSMs, initialisation, and the CLI-side admin operations. */
public final class CloudHsmService implements AwsJsonService, ClusterAccess {
    private final EmulatorClock clock;
    private final Supplier<HsmBackend> backends;
    private final Duration transitionDelay;

    public CloudHsmService(EmulatorClock clock, Supplier<HsmBackend> backends, Duration transitionDelay) {
        this.clock = clock;
        this.backends = backends;
        this.transitionDelay = transitionDelay;
    }

    @Override
    public String name() {
        return "cloudhsmv2";
    }

    @Override
    public String targetPrefix() {
        return "BaldrApiService";
    }

    @Override
    public String contentType() {
        return "application/x-amz-json-1.1";
    }

    @Override
    public String errorMessageMember() {
        return "Message";
    }

    @Override
    public ObjectNode handle(Scope scope, String operation, JsonRequest request) {
        throw AwsJsonService.unknownOperation(targetPrefix() + "." + operation);
    }

    @Override
    public Optional<ClusterView> cluster(Scope scope, String clusterId) {
        return Optional.empty();
    }

    /** The CLI's {@code cluster activate}: INITIALIZED to ACTIVE, setting the admin password. */
    public void activate(Scope scope, String clusterId, char[] adminPassword) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The CLI's {@code user create}: adds a user (role {@code crypto-user} or {@code admin}) to an ACTIVE cluster. */
    public void createUser(Scope scope, String clusterId, String username, String role, char[] password) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Closes every cluster's HSM backend. */
    public void close() {
    }
}
