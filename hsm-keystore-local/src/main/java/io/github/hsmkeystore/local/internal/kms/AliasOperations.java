package io.github.hsmkeystore.local.internal.kms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Aliases (aws-semantics 3.5). Called under the scope's lock. */
final class AliasOperations {
    static final int ALIASES_PER_KEY = 50;
    private static final Pattern ALIAS_NAME = Pattern.compile("alias/[a-zA-Z0-9/_-]+");
    private static final String PREFIX_MESSAGE = "Alias must start with the prefix \"alias/\". Please see "
            + "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html";

    private final KmsService kms;

    AliasOperations(KmsService kms) {
        this.kms = kms;
    }

    ObjectNode createAlias(KmsState state, JsonRequest r) {
        String name = checkName(r.requiredString("AliasName", 1, 256));
        KmsKeyRecord target = target(state, r.requiredString("TargetKeyId", 1, 2048), "CreateAlias");
        if (state.aliases.containsKey(name)) {
            throw AwsException.client("AlreadyExistsException", "An alias with the name " + state.aliasArn(name) + " already exists");
        }
        KeyOperations.requireNotPendingDeletion(target);
        long count = state.aliases.values().stream().filter(a -> a.targetKeyId.equals(target.keyId)).count();
        if (count >= ALIASES_PER_KEY) {
            throw AwsException.client("LimitExceededException", target.arn + " already has " + ALIASES_PER_KEY
                    + " aliases, the most a key can have");
        }
        state.aliases.put(name, new KmsState.Alias(name, target.keyId, kms.clock.now()));
        return Json.object();
    }

    ObjectNode updateAlias(KmsState state, JsonRequest r) {
        String name = checkName(r.requiredString("AliasName", 1, 256));
        KmsKeyRecord target = target(state, r.requiredString("TargetKeyId", 1, 2048), "UpdateAlias");
        KmsState.Alias alias = state.aliases.get(name);
        if (alias == null) {
            throw KmsErrors.aliasNotFound(state.aliasArn(name));
        }
        KeyOperations.requireNotPendingDeletion(target);
        KmsKeyRecord current = state.keys.get(alias.targetKeyId);
        if (current != null && (!current.keySpec.equals(target.keySpec) || !current.keyUsage.equals(target.keyUsage))) {
            throw AwsException.validation("Alias " + name + " points to a " + current.keySpec + "/" + current.keyUsage
                    + " key; the new target " + target.arn + " must have the same key spec and key usage, but is "
                    + target.keySpec + "/" + target.keyUsage);
        }
        alias.targetKeyId = target.keyId;
        alias.updated = kms.clock.now();
        return Json.object();
    }

    ObjectNode deleteAlias(KmsState state, JsonRequest r) {
        String name = r.requiredString("AliasName", 1, 256);
        if (state.aliases.remove(name) == null) {
            throw KmsErrors.aliasNotFound(state.aliasArn(name));
        }
        return Json.object();
    }

    ObjectNode listAliases(KmsState state, JsonRequest r) {
        int limit = r.integer("Limit", 1, 100) == null ? 50 : r.integer("Limit");
        String keyId = r.string("KeyId", 1, 2048);
        String onlyKey = keyId == null ? null : kms.resolve(state, keyId).keyId;
        List<KmsState.Alias> all = new ArrayList<>();
        for (KmsState.Alias a : state.aliases.values()) {
            if (onlyKey == null || a.targetKeyId.equals(onlyKey)) {
                all.add(a);
            }
        }
        int start = Paging.start(r.string("Marker", 1, 1024), all.size());
        int end = Math.min(all.size(), start + limit);
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("Aliases");
        for (KmsState.Alias a : all.subList(start, end)) {
            list.addObject().put("AliasName", a.name).put("AliasArn", state.aliasArn(a.name))
                    .put("TargetKeyId", a.targetKeyId).put("CreationDate", Json.epochSeconds(a.created))
                    .put("LastUpdatedDate", Json.epochSeconds(a.updated));
        }
        Paging.finish(out, end, all.size());
        return out;
    }

    /** Alias targets are keys named by key id or key ARN, never by another alias. */
    private KmsKeyRecord target(KmsState state, String reference, String action) {
        if (reference.startsWith("alias/") || reference.contains(":alias/")) {
            throw AwsException.validation("TargetKeyId must be a key ID or key ARN, not an alias: " + reference);
        }
        KmsKeyRecord key = kms.resolve(state, reference);
        KeyOperations.requireCustomerManaged(state, key, action);
        return key;
    }

    private static String checkName(String name) {
        if (!name.startsWith("alias/")) {
            throw AwsException.validation(PREFIX_MESSAGE);
        }
        if (name.startsWith("alias/aws/")) {
            throw AwsException.client("NotAuthorizedException",
                    "Alias names that begin with alias/aws/ are reserved for AWS managed keys: " + name);
        }
        if (!ALIAS_NAME.matcher(name).matches()) {
            throw AwsException.client("InvalidAliasNameException", "Alias " + name
                    + " is invalid: after alias/ use only letters, digits, '/', '_' and '-'");
        }
        return name;
    }
}
