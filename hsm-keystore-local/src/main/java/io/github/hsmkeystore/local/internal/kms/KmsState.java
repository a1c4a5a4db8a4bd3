package io.github.hsmkeystore.local.internal.kms;

import io.github.hsmkeystore.local.internal.Scope;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The KMS resources of one account and Region; the object is also the lock that guards them. */
final class KmsState {
    final Scope scope;
    final Map<String, KmsKeyRecord> keys = new LinkedHashMap<>();
    final Map<String, Alias> aliases = new LinkedHashMap<>();
    final Map<String, CustomKeyStore> stores = new LinkedHashMap<>();
    /** Grants by grant id, in creation order. */
    final Map<String, Grants.Grant> grants = new LinkedHashMap<>();

    static final class Alias {
        final String name;
        final Instant created;
        String targetKeyId;
        Instant updated;

        Alias(String name, String targetKeyId, Instant created) {
            this.name = name;
            this.targetKeyId = targetKeyId;
            this.created = created;
            this.updated = created;
        }
    }

    KmsState(Scope scope) {
        this.scope = scope;
    }

    String keyArn(String keyId) {
        return scope.arnPrefix("kms") + "key/" + keyId;
    }

    String aliasArn(String aliasName) {
        return scope.arnPrefix("kms") + aliasName;
    }
}
