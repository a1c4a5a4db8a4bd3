package io.github.hsmkeystore.local.internal.kms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Grants (docs/kms-and-cloudhsm.md "Grants"): CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant,
 * and the check of the {@code GrantTokens} member of other operations. The emulator's caller is the account's root
 * user, whom the key policy already allows everything, so grants are recorded and listed but never needed to
 * authorize a request. Called under the scope's lock.
 */
final class Grants {
    static final int MAX_GRANTS_PER_KEY = 50_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern PRINCIPAL = Pattern.compile("^[\\w+=,.@:/-]+$");
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9:/_-]+$");
    private static final Pattern GRANT_ID = Pattern.compile("[0-9a-f]{64}");
    private static final List<String> OPERATIONS = List.of("Decrypt", "Encrypt", "GenerateDataKey",
            "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "Sign", "Verify", "GetPublicKey",
            "CreateGrant", "RetireGrant", "DescribeKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
            "GenerateMac", "VerifyMac", "DeriveSharedSecret");
    private static final Set<String> ANY_KEY = Set.of("CreateGrant", "RetireGrant", "DescribeKey");
    private static final Set<String> SYMMETRIC = Set.of("Decrypt", "Encrypt", "GenerateDataKey",
            "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "GenerateDataKeyPair",
            "GenerateDataKeyPairWithoutPlaintext");
    private static final Set<String> ASYMMETRIC_ENCRYPT = Set.of("Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo", "GetPublicKey");
    private static final Set<String> SIGN = Set.of("Sign", "Verify", "GetPublicKey");
    private static final Set<String> MAC = Set.of("GenerateMac", "VerifyMac");
    private static final Set<String> AGREEMENT = Set.of("DeriveSharedSecret", "GetPublicKey");

    private final KmsService kms;

    Grants(KmsService kms) {
        this.kms = kms;
    }

    /** One grant. Guarded by the scope's lock. */
    static final class Grant {
        final String grantId;
        final String token;
        final String keyId;
        final String keyArn;
        final String name;
        final Instant created;
        final String granteePrincipal;
        final String retiringPrincipal;
        final List<String> operations;
        final Map<String, String> contextSubset;
        final Map<String, String> contextEquals;

        Grant(String grantId, String token, KmsKeyRecord key, String name, Instant created, String granteePrincipal,
              String retiringPrincipal, List<String> operations, Map<String, String> contextSubset,
              Map<String, String> contextEquals) {
            this.grantId = grantId;
            this.token = token;
            this.keyId = key.keyId;
            this.keyArn = key.arn;
            this.name = name;
            this.created = created;
            this.granteePrincipal = granteePrincipal;
            this.retiringPrincipal = retiringPrincipal;
            this.operations = operations;
            this.contextSubset = contextSubset;
            this.contextEquals = contextEquals;
        }

        boolean sameAs(String otherGrantee, String otherRetiring, List<String> otherOperations, Map<String, String> subset,
                       Map<String, String> equals) {
            return granteePrincipal.equals(otherGrantee) && Objects.equals(retiringPrincipal, otherRetiring)
                    && Set.copyOf(operations).equals(Set.copyOf(otherOperations)) && Objects.equals(contextSubset, subset)
                    && Objects.equals(contextEquals, equals);
        }
    }

    ObjectNode createGrant(KmsState state, JsonRequest r) {
        KmsKeyRecord key = kms.resolve(state, r.requiredString("KeyId"));
        String grantee = principal(r, "GranteePrincipal", true);
        String retiring = principal(r, "RetiringPrincipal", false);
        List<String> operations = operations(r);
        JsonRequest constraints = r.nested("Constraints");
        Map<String, String> subset = constraints == null || !constraints.has("EncryptionContextSubset") ? null
                : constraints.stringMap("EncryptionContextSubset");
        Map<String, String> equals = constraints == null || !constraints.has("EncryptionContextEquals") ? null
                : constraints.stringMap("EncryptionContextEquals");
        String name = r.string("Name", 1, 256);
        if (name != null && !NAME.matcher(name).matches()) {
            throw AwsException.validation("1 validation error detected: Value '" + name + "' at 'name' failed to satisfy"
                    + " constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
        }
        boolean dryRun = r.bool("DryRun", false);
        KeyOperations.requireCustomerManaged(state, key, "CreateGrant");
        requireUsableState(state, key);
        Set<String> allowed = operationsFor(key);
        List<String> invalid = operations.stream().filter(o -> !allowed.contains(o)).toList();
        if (!invalid.isEmpty()) {
            throw AwsException.validation("Grant operations " + invalid + " are not valid for " + key.arn + " (KeySpec "
                    + key.keySpec + ", KeyUsage " + key.keyUsage + "); valid operations: " + allowed);
        }
        if ((subset != null || equals != null) && !key.isSymmetricEncryption()) {
            throw AwsException.validation("Grant constraints (encryption context) are valid only for symmetric encryption"
                    + " KMS keys; " + key.arn + " is " + key.keySpec + "/" + key.keyUsage);
        }
        if (dryRun) {
            throw AwsException.client("DryRunOperationException", "The request would have succeeded, but the DryRun option is set.");
        }
        if (name != null) {
            for (Grant g : state.grants.values()) {
                if (g.keyId.equals(key.keyId) && name.equals(g.name) && g.sameAs(grantee, retiring, operations, subset, equals)) {
                    // a retry with the same name and properties returns the same grant id and a new token
                    return Json.object().put("GrantToken", token(g.grantId)).put("GrantId", g.grantId);
                }
            }
        }
        long count = state.grants.values().stream().filter(g -> g.keyId.equals(key.keyId)).count();
        if (count >= MAX_GRANTS_PER_KEY) {
            throw AwsException.client("LimitExceededException", key.arn + " already has " + MAX_GRANTS_PER_KEY
                    + " grants, the most a KMS key can have");
        }
        Grant grant = add(state, key, name, grantee, retiring, operations, subset, equals);
        return Json.object().put("GrantToken", grant.token).put("GrantId", grant.grantId);
    }

    /** Records a grant (also for in-process callers such as DynamoDB); the caller has checked the request. */
    Grant add(KmsState state, KmsKeyRecord key, String name, String grantee, String retiring, List<String> operations,
              Map<String, String> subset, Map<String, String> equals) {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        String grantId = HexFormat.of().formatHex(id);
        Grant grant = new Grant(grantId, token(grantId), key, name, kms.clock.now(), grantee, retiring, List.copyOf(operations),
                subset == null ? null : Map.copyOf(subset), equals == null ? null : Map.copyOf(equals));
        state.grants.put(grantId, grant);
        return grant;
    }

    ObjectNode listGrants(KmsState state, JsonRequest r) {
        int limit = limit(r);
        String marker = r.string("Marker", 1, 1024);
        KmsKeyRecord key = kms.resolve(state, r.requiredString("KeyId"));
        String grantId = r.string("GrantId", 1, 128);
        String grantee = principal(r, "GranteePrincipal", false);
        return page(state, g -> g.keyId.equals(key.keyId) && (grantId == null || g.grantId.equals(grantId))
                && (grantee == null || g.granteePrincipal.equals(grantee)), limit, marker);
    }

    ObjectNode listRetirableGrants(KmsState state, JsonRequest r) {
        int limit = limit(r);
        String marker = r.string("Marker", 1, 1024);
        String retiring = principal(r, "RetiringPrincipal", true);
        return page(state, g -> retiring.equals(g.retiringPrincipal), limit, marker);
    }

    ObjectNode retireGrant(KmsState state, JsonRequest r) {
        String token = r.string("GrantToken", 1, 8192);
        String keyId = r.string("KeyId", 1, 2048);
        String grantId = r.string("GrantId", 1, 128);
        boolean dryRun = r.bool("DryRun", false);
        Grant grant;
        if (token != null) {
            grant = byToken(state, token);
            if (grant == null) {
                throw AwsException.client("InvalidGrantTokenException", "The grant token is not valid or its grant was"
                        + " retired or revoked");
            }
        } else if (keyId != null && grantId != null) {
            grant = byId(state, kms.resolve(state, keyId), grantId);
        } else {
            throw AwsException.validation("Specify GrantToken, or KeyId and GrantId, to identify the grant to retire");
        }
        if (dryRun) {
            throw AwsException.client("DryRunOperationException", "The request would have succeeded, but the DryRun option is set.");
        }
        state.grants.remove(grant.grantId);
        return Json.object();
    }

    ObjectNode revokeGrant(KmsState state, JsonRequest r) {
        KmsKeyRecord key = kms.resolve(state, r.requiredString("KeyId"));
        String grantId = r.requiredString("GrantId", 1, 128);
        Grant grant = byId(state, key, grantId);
        if (r.bool("DryRun", false)) {
            throw AwsException.client("DryRunOperationException", "The request would have succeeded, but the DryRun option is set.");
        }
        state.grants.remove(grant.grantId);
        return Json.object();
    }

    /** GrantTokens of any operation must be tokens of existing grants: InvalidGrantTokenException otherwise. */
    static void checkTokens(KmsState state, List<String> tokens) {
        for (String token : tokens) {
            if (token.isEmpty() || token.length() > 8192 || byToken(state, token) == null) {
                throw AwsException.client("InvalidGrantTokenException", "A grant token in GrantTokens is not valid");
            }
        }
    }

    private static Grant byToken(KmsState state, String token) {
        String grantId = grantIdOf(token);
        return grantId == null ? null : state.grants.get(grantId);
    }

    private static Grant byId(KmsState state, KmsKeyRecord key, String grantId) {
        if (!GRANT_ID.matcher(grantId).matches()) {
            throw AwsException.client("InvalidGrantIdException", "Grant ID " + grantId + " is not valid");
        }
        Grant grant = state.grants.get(grantId);
        if (grant == null || !grant.keyId.equals(key.keyId)) {
            throw KmsErrors.notFound("Grant ID " + grantId + " not found for " + key.arn);
        }
        return grant;
    }

    /** A token names its grant and carries random bytes, so tokens differ per CreateGrant call. */
    private static String token(String grantId) {
        byte[] nonce = new byte[96];
        RANDOM.nextBytes(nonce);
        return "HKLG" + grantId + Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    private static String grantIdOf(String token) {
        return token.startsWith("HKLG") && token.length() > 68 ? token.substring(4, 68) : null;
    }

    private ObjectNode page(KmsState state, Predicate<Grant> filter, int limit, String marker) {
        List<Grant> all = new ArrayList<>(state.grants.values().stream().filter(filter).toList());
        int start = Paging.start(marker, all.size());
        int end = Math.min(all.size(), start + limit);
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("Grants");
        for (Grant g : all.subList(start, end)) {
            ObjectNode e = list.addObject().put("KeyId", g.keyArn).put("GrantId", g.grantId);
            if (g.name != null) {
                e.put("Name", g.name);
            }
            e.put("CreationDate", Json.epochSeconds(g.created)).put("GranteePrincipal", g.granteePrincipal);
            if (g.retiringPrincipal != null) {
                e.put("RetiringPrincipal", g.retiringPrincipal);
            }
            e.put("IssuingAccount", "arn:aws:iam::" + state.scope.accountId() + ":root");
            e.set("Operations", Json.array(g.operations));
            if (g.contextSubset != null || g.contextEquals != null) {
                ObjectNode c = e.putObject("Constraints");
                if (g.contextSubset != null) {
                    c.set("EncryptionContextSubset", Json.object(g.contextSubset));
                }
                if (g.contextEquals != null) {
                    c.set("EncryptionContextEquals", Json.object(g.contextEquals));
                }
            }
        }
        Paging.finish(out, end, all.size());
        return out;
    }

    /** ListGrants and ListRetirableGrants: Limit 1-100, default 50 (the service's bound, tighter than the model's). */
    private static int limit(JsonRequest r) {
        Integer limit = r.integer("Limit", 1, 1000);
        if (limit != null && limit > 100) {
            throw AwsException.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to satisfy"
                    + " constraint: Member must have value less than or equal to 100");
        }
        return limit == null ? 50 : limit;
    }

    private static String principal(JsonRequest r, String member, boolean required) {
        String value = required ? r.requiredString(member, 1, 256) : r.string(member, 1, 256);
        if (value != null && !PRINCIPAL.matcher(value).matches()) {
            throw AwsException.validation("1 validation error detected: Value '" + value + "' at '" + JsonRequest.camel(member)
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\w+=,.@:/-]+$");
        }
        return value;
    }

    private static List<String> operations(JsonRequest r) {
        if (!r.has("Operations")) {
            throw JsonRequest.missing("Operations");
        }
        List<String> operations = r.stringList("Operations");
        for (String o : operations) {
            if (!OPERATIONS.contains(o)) {
                throw AwsException.validation("1 validation error detected: Value '[" + o + "]' at 'operations' failed to"
                        + " satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: " + OPERATIONS + "]");
            }
        }
        if (operations.isEmpty()) {
            throw AwsException.validation("Operations must name at least one grant operation");
        }
        return new ArrayList<>(new LinkedHashSet<>(operations));
    }

    /** The grant operations a key supports (docs/kms-and-cloudhsm.md "Grants"). */
    static Set<String> operationsFor(KmsKeyRecord key) {
        Set<String> out = new LinkedHashSet<>(ANY_KEY);
        if (key.isSymmetricEncryption()) {
            out.addAll(SYMMETRIC);
        } else if (key.keyUsage.equals("ENCRYPT_DECRYPT")) {
            out.addAll(ASYMMETRIC_ENCRYPT);
        } else if (key.keyUsage.equals("SIGN_VERIFY")) {
            out.addAll(SIGN);
        } else if (key.keyUsage.equals("GENERATE_VERIFY_MAC")) {
            out.addAll(MAC);
        } else {
            out.addAll(AGREEMENT);
        }
        return out;
    }

    private void requireUsableState(KmsState state, KmsKeyRecord key) {
        switch (kms.keyState(state, key)) {
            case "Disabled" -> throw KmsErrors.disabled(key.arn);
            case "PendingDeletion" -> throw KmsErrors.pendingDeletion(key.arn);
            default -> { }
        }
    }
}
