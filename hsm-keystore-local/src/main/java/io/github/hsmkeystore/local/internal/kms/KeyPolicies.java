package io.github.hsmkeystore.local.internal.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Json;
import io.github.hsmkeystore.local.internal.JsonRequest;
import io.github.hsmkeystore.local.internal.Scope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Key policies (docs/kms-and-cloudhsm.md "Key policies"): the default policy KMS gives a key created without one,
 * the policy of AWS managed keys, and GetKeyPolicy, PutKeyPolicy and ListKeyPolicies with KMS's document checks and
 * the policy lockout safety check as far as it can be evaluated without IAM. Called under the scope's lock.
 */
final class KeyPolicies {
    static final String DEFAULT = "default";
    static final int MAX_POLICY_BYTES = 32 * 1024;
    private static final Pattern POLICY_TEXT = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    private static final Pattern POLICY_NAME = Pattern.compile("[\\w]+");
    private static final Set<String> STATEMENT_MEMBERS = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
            "NotAction", "Resource", "NotResource", "Condition");

    private final KmsService kms;

    KeyPolicies(KmsService kms) {
        this.kms = kms;
    }

    /** The default key policy: the account (its root principal) gets kms:* and IAM policies take effect. */
    static String defaultPolicy(Scope scope) {
        ObjectNode p = Json.object().put("Version", "2012-10-17").put("Id", "key-default-1");
        p.putArray("Statement").addObject().put("Sid", "Enable IAM User Permissions").put("Effect", "Allow")
                .put("Action", "kms:*").put("Resource", "*")
                .putObject("Principal").put("AWS", "arn:aws:iam::" + scope.accountId() + ":root");
        return pretty(p);
    }

    /** The policy of an AWS managed key: the service may use it for the account; the account may only view it. */
    static String awsManagedPolicy(Scope scope, String service) {
        ObjectNode p = Json.object().put("Version", "2012-10-17").put("Id", "auto-" + service + "-1");
        var statements = p.putArray("Statement");
        ObjectNode use = statements.addObject().put("Sid", "Allow access through " + service + " for all principals in the"
                + " account that are authorized to use " + service).put("Effect", "Allow");
        use.putObject("Principal").put("AWS", "*");
        use.set("Action", Json.array(List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                "kms:CreateGrant", "kms:DescribeKey")));
        use.put("Resource", "*");
        use.putObject("Condition").putObject("StringEquals").put("kms:CallerAccount", scope.accountId())
                .put("kms:ViaService", service + "." + scope.region() + ".amazonaws.com");
        ObjectNode view = statements.addObject().put("Sid", "Allow direct access to key metadata to the account")
                .put("Effect", "Allow");
        view.putObject("Principal").put("AWS", "arn:aws:iam::" + scope.accountId() + ":root");
        view.set("Action", Json.array(List.of("kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant")));
        view.put("Resource", "*");
        return pretty(p);
    }

    private static String pretty(ObjectNode policy) {
        return Json.writePretty(policy);
    }

    ObjectNode getKeyPolicy(KmsState state, JsonRequest r) {
        KmsKeyRecord key = kms.resolve(state, r.requiredString("KeyId"));
        String name = policyName(r);
        return Json.object().put("Policy", key.policy).put("PolicyName", name);
    }

    ObjectNode putKeyPolicy(KmsState state, JsonRequest r) {
        KmsKeyRecord key = kms.resolve(state, r.requiredString("KeyId"));
        policyName(r);
        String policy = r.requiredString("Policy", 1, 131072);
        boolean bypass = r.bool("BypassPolicyLockoutSafetyCheck", false);
        KeyOperations.requireCustomerManaged(state, key, "PutKeyPolicy");
        validate(state.scope, policy, bypass);
        key.policy = policy;
        return Json.object();
    }

    ObjectNode listKeyPolicies(KmsState state, JsonRequest r) {
        kms.resolve(state, r.requiredString("KeyId"));
        int limit = r.integer("Limit", 1, 1000) == null ? 100 : r.integer("Limit");
        List<String> all = List.of(DEFAULT);
        int start = Paging.start(r.string("Marker", 1, 1024), all.size());
        int end = Math.min(all.size(), start + limit);
        ObjectNode out = Json.object();
        out.set("PolicyNames", Json.array(all.subList(start, end)));
        Paging.finish(out, end, all.size());
        return out;
    }

    /** PolicyName: optional, "default" is the only key policy a key has. */
    private static String policyName(JsonRequest r) {
        String name = r.string("PolicyName", 1, 128);
        if (name == null) {
            return DEFAULT;
        }
        if (!POLICY_NAME.matcher(name).matches()) {
            throw AwsException.validation("1 validation error detected: Value '" + name + "' at 'policyName' failed to"
                    + " satisfy constraint: Member must satisfy regular expression pattern: [\\w]+");
        }
        if (!name.equals(DEFAULT)) {
            throw KmsErrors.notFound("No such policy exists: " + name + "; the only key policy name is " + DEFAULT);
        }
        return name;
    }

    /**
     * The checks of CreateKey and PutKeyPolicy: characters, 32 KB, a JSON policy with statements that have an Effect,
     * a principal, actions and resources; unless bypassed, the lockout safety check (the account can still call
     * PutKeyPolicy).
     */
    static void validate(Scope scope, String policy, boolean bypassLockoutSafetyCheck) {
        if (!POLICY_TEXT.matcher(policy).matches()) {
            throw AwsException.validation("1 validation error detected: Value at 'policy' failed to satisfy constraint:"
                    + " Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
        }
        if (policy.getBytes(StandardCharsets.UTF_8).length > MAX_POLICY_BYTES) {
            throw AwsException.client("LimitExceededException", "The key policy is larger than " + MAX_POLICY_BYTES
                    + " bytes (32 KB), the most a key policy can be");
        }
        JsonNode doc;
        try {
            doc = Json.readTree(policy);
        } catch (java.io.IOException e) {
            throw malformed("The policy is not valid JSON");
        }
        if (doc == null || !doc.isObject()) {
            throw malformed("The policy must be a JSON object");
        }
        JsonNode version = doc.get("Version");
        if (version != null && !(version.isTextual() && Set.of("2012-10-17", "2008-10-17").contains(version.textValue()))) {
            throw malformed("The policy Version must be 2012-10-17 or 2008-10-17");
        }
        JsonNode statement = doc.get("Statement");
        if (statement == null) {
            throw malformed("The policy has no Statement");
        }
        List<JsonNode> statements = new ArrayList<>();
        if (statement.isArray()) {
            statement.forEach(statements::add);
        } else {
            statements.add(statement);
        }
        boolean allowsPutKeyPolicy = false;
        for (JsonNode s : statements) {
            if (!s.isObject()) {
                throw malformed("Each policy Statement must be a JSON object");
            }
            for (var it = s.fieldNames(); it.hasNext(); ) {
                String member = it.next();
                if (!STATEMENT_MEMBERS.contains(member)) {
                    throw malformed("Policy statement has an unknown element " + member);
                }
            }
            String effect = s.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                throw malformed("Policy statement Effect must be Allow or Deny");
            }
            if (!s.has("Principal") && !s.has("NotPrincipal")) {
                throw malformed("Policy statement has no Principal: a key policy statement must name a principal");
            }
            if (!s.has("Action") && !s.has("NotAction")) {
                throw malformed("Policy statement has no Action");
            }
            if (!s.has("Resource") && !s.has("NotResource")) {
                throw malformed("Policy statement has no Resource");
            }
            if (effect.equals("Allow") && !s.has("Condition") && coversCaller(scope, s.get("Principal"))
                    && coversPutKeyPolicy(s.get("Action"))) {
                allowsPutKeyPolicy = true;
            }
        }
        if (!bypassLockoutSafetyCheck && !allowsPutKeyPolicy) {
            throw malformed("The new key policy will not allow you to update the key policy in the future.");
        }
    }

    /** Whether a Principal element names the emulator's caller (the account root), the account or everyone. */
    private static boolean coversCaller(Scope scope, JsonNode principal) {
        if (principal == null) {
            return false;
        }
        if (principal.isTextual()) {
            return principal.textValue().equals("*");
        }
        JsonNode aws = principal.get("AWS");
        if (aws == null) {
            return false;
        }
        Set<String> caller = Set.of("*", scope.accountId(), "arn:aws:iam::" + scope.accountId() + ":root");
        if (aws.isTextual()) {
            return caller.contains(aws.textValue());
        }
        for (JsonNode p : aws) {
            if (p.isTextual() && caller.contains(p.textValue())) {
                return true;
            }
        }
        return false;
    }

    private static boolean coversPutKeyPolicy(JsonNode action) {
        if (action == null) {
            return false;
        }
        List<String> actions = new ArrayList<>();
        if (action.isTextual()) {
            actions.add(action.textValue());
        } else {
            action.forEach(a -> actions.add(a.asText()));
        }
        for (String a : actions) {
            String lower = a.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("*") || lower.equals("kms:*") || lower.equals("kms:putkeypolicy") || lower.equals("kms:put*")) {
                return true;
            }
        }
        return false;
    }

    private static AwsException malformed(String message) {
        return AwsException.client("MalformedPolicyDocumentException", message);
    }
}
