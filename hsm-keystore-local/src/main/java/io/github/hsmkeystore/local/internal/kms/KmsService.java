package io.github.hsmkeystore.local.internal.kms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsJsonService;
import io.github.hsmkeystore.local.internal.EmulatorClock;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.Scope;
import io.github.hsmkeystore.local.internal.cloudhsm.ClusterAccess;
import java.util.Map;

/** KMS ({@code TrentService}, JSON 1.1): keys, aliases, cryptography and CloudHSM custom key stores. */
public final class KmsService implements AwsJsonService, KmsKeyAccess {
    private final EmulatorClock clock;
    private final ClusterAccess clusters;

    public KmsService(EmulatorClock clock, ClusterAccess clusters) {
        this.clock = clock;
        this.clusters = clusters;
    }

    @Override
    public String name() {
        return "kms";
    }

    @Override
    public String targetPrefix() {
        return "TrentService";
    }

    @Override
    public String contentType() {
        return "application/x-amz-json-1.1";
    }

    @Override
    public ObjectNode handle(Scope scope, String operation, JsonRequest request) {
        throw AwsJsonService.unknownOperation(targetPrefix() + "." + operation);
    }

    @Override
    public KeyInfo describe(Scope scope, String keyReference) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public DataKey generateDataKey(Scope scope, String keyReference, Map<String, String> encryptionContext) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public byte[] decrypt(Scope scope, byte[] ciphertextBlob, Map<String, String> encryptionContext) {
        throw new UnsupportedOperationException("not yet");
    }
}
