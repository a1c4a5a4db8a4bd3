package io.github.hsmkeystore.local.internal.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hsmkeystore.local.internal.AwsException;
import io.github.hsmkeystore.local.internal.Scope;
import org.junit.jupiter.api.Test;

/** Key policy validation and the lockout safety check (docs/kms-and-cloudhsm.md "Key policies"), without a server. */
class KeyPoliciesTest {
    private static final Scope SCOPE = new Scope("111122223333", "eu-west-1");

    private static String statement(String principal, String action) {
        return "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":" + principal + ",\"Action\":" + action + ",\"Resource\":\"*\"}}";
    }

    private static void assertMalformed(String policy, String fragment) {
        assertThatThrownBy(() -> KeyPolicies.validate(SCOPE, policy, false))
                .isInstanceOf(AwsException.class)
                .satisfies(e -> assertThat(((AwsException) e).type()).isEqualTo("MalformedPolicyDocumentException"))
                .hasMessageContaining(fragment);
    }

    @Test
    void validate_defaultPolicy_passesTheLockoutCheck() {
        assertThatCode(() -> KeyPolicies.validate(SCOPE, KeyPolicies.defaultPolicy(SCOPE), false)).doesNotThrowAnyException();
        assertThat(KeyPolicies.defaultPolicy(SCOPE)).contains("arn:aws:iam::111122223333:root").contains("key-default-1");
    }

    @Test
    void validate_principalFormsThatCoverTheCaller_pass() {
        for (String principal : new String[] {"\"*\"", "{\"AWS\":\"*\"}", "{\"AWS\":\"111122223333\"}",
                "{\"AWS\":[\"arn:aws:iam::999999999999:root\",\"arn:aws:iam::111122223333:root\"]}"}) {
            for (String action : new String[] {"\"kms:*\"", "\"*\"", "[\"kms:Encrypt\",\"kms:PutKeyPolicy\"]", "\"kms:Put*\""}) {
                assertThatCode(() -> KeyPolicies.validate(SCOPE, statement(principal, action), false))
                        .as("%s %s", principal, action).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void validate_policyThatLocksTheCallerOut_isMalformedUnlessBypassed() {
        String otherAccount = statement("{\"AWS\":\"arn:aws:iam::999999999999:root\"}", "\"kms:*\"");
        assertMalformed(otherAccount, "will not allow you to update the key policy in the future");
        assertMalformed(statement("{\"AWS\":\"111122223333\"}", "\"kms:Encrypt\""), "update the key policy");
        assertMalformed(statement("{\"Service\":\"dynamodb.amazonaws.com\"}", "\"kms:*\""), "update the key policy");
        assertThatCode(() -> KeyPolicies.validate(SCOPE, otherAccount, true)).doesNotThrowAnyException();
    }

    @Test
    void validate_notAPolicy_isMalformed() {
        assertMalformed("nope", "JSON");
        assertMalformed("{\"Version\":\"2099-01-01\",\"Statement\":[]}", "Version");
        assertMalformed("{\"Statement\":[{\"Effect\":\"Maybe\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}", "Effect");
        assertMalformed("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\"}]}", "Resource");
        assertMalformed("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\",\"Bogus\":1}]}", "Bogus");
    }

    @Test
    void validate_sizeAndCharacters_areLimitExceededAndValidation() {
        String big = "{\"Statement\":{\"Sid\":\"" + "a".repeat(KeyPolicies.MAX_POLICY_BYTES) + "\"}}";
        assertThatThrownBy(() -> KeyPolicies.validate(SCOPE, big, false)).isInstanceOf(AwsException.class)
                .satisfies(e -> assertThat(((AwsException) e).type()).isEqualTo("LimitExceededException"));
        assertThatThrownBy(() -> KeyPolicies.validate(SCOPE, "{\"Sid\":\"\u20ac\"}", false)).isInstanceOf(AwsException.class)
                .satisfies(e -> assertThat(((AwsException) e).type()).isEqualTo("ValidationException"));
    }

    @Test
    void maxOaepPlaintext_matchesTheDocumentedLimits() {
        assertThat(AsymmetricKeys.maxOaepPlaintext("RSA_2048", "RSAES_OAEP_SHA_1")).isEqualTo(214);
        assertThat(AsymmetricKeys.maxOaepPlaintext("RSA_2048", "RSAES_OAEP_SHA_256")).isEqualTo(190);
        assertThat(AsymmetricKeys.maxOaepPlaintext("RSA_3072", "RSAES_OAEP_SHA_1")).isEqualTo(342);
        assertThat(AsymmetricKeys.maxOaepPlaintext("RSA_3072", "RSAES_OAEP_SHA_256")).isEqualTo(318);
        assertThat(AsymmetricKeys.maxOaepPlaintext("RSA_4096", "RSAES_OAEP_SHA_1")).isEqualTo(470);
        assertThat(AsymmetricKeys.maxOaepPlaintext("RSA_4096", "RSAES_OAEP_SHA_256")).isEqualTo(446);
    }
}
