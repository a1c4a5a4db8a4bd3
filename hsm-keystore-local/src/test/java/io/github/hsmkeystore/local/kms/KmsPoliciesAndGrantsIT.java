package io.github.hsmkeystore.local.kms;

import static io.github.hsmkeystore.local.kms.KmsFixture.assertAwsError;
import static io.github.hsmkeystore.local.kms.KmsFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.ListGrantsResponse;

/** Key policies and grants (docs/kms-and-cloudhsm.md "Key policies", "Grants"). */
class KmsPoliciesAndGrantsIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = KmsFixture.manualClockEmulator();
    private static final ObjectMapper JSON = new ObjectMapper();

    private KmsFixture f;
    private KmsClient kms;
    private String account;

    @BeforeEach
    void setUp() {
        f = new KmsFixture(local.local());
        kms = f.kms;
        account = local.local().accountId();
    }

    private String policy(String principal, String action) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"s\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + principal + "\"},\"Action\":\"" + action + "\",\"Resource\":\"*\"}]}";
    }

    // ---- key policies ----

    @Test
    void getKeyPolicy_keyCreatedWithoutPolicy_isTheDefaultPolicyGivingTheAccountKmsStar() throws Exception {
        String keyId = f.createStandardKey().keyId();
        var out = kms.getKeyPolicy(r -> r.keyId(keyId));
        assertThat(out.policyName()).isEqualTo("default");
        JsonNode policy = JSON.readTree(out.policy());
        assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
        assertThat(policy.path("Id").asText()).isEqualTo("key-default-1");
        JsonNode statement = policy.path("Statement").get(0);
        assertThat(statement.path("Sid").asText()).isEqualTo("Enable IAM User Permissions");
        assertThat(statement.path("Principal").path("AWS").asText()).isEqualTo("arn:aws:iam::" + account + ":root");
        assertThat(statement.path("Action").asText()).isEqualTo("kms:*");
        assertThat(kms.listKeyPolicies(r -> r.keyId(keyId)).policyNames()).containsExactly("default");
    }

    @Test
    void putKeyPolicy_validPolicy_isReturnedByGetKeyPolicy_andCreateKeyPolicyToo() {
        String keyId = f.createStandardKey().keyId();
        String policy = policy("arn:aws:iam::" + account + ":root", "kms:*");
        kms.putKeyPolicy(r -> r.keyId(keyId).policy(policy));
        assertThat(kms.getKeyPolicy(r -> r.keyId(keyId).policyName("default")).policy()).isEqualTo(policy);
        String created = kms.createKey(r -> r.policy(policy)).keyMetadata().keyId();
        assertThat(kms.getKeyPolicy(r -> r.keyId(created)).policy()).isEqualTo(policy);
    }

    @Test
    void putKeyPolicy_malformedDocuments_areMalformedPolicyDocumentException() {
        String keyId = f.createStandardKey().keyId();
        String before = kms.getKeyPolicy(r -> r.keyId(keyId)).policy();
        assertAwsError(() -> kms.putKeyPolicy(r -> r.keyId(keyId).policy("{not json")), "MalformedPolicyDocumentException", "JSON");
        assertAwsError(() -> kms.putKeyPolicy(r -> r.keyId(keyId).policy("{\"Version\":\"2012-10-17\"}")),
                "MalformedPolicyDocumentException", "Statement");
        assertAwsError(() -> kms.putKeyPolicy(r -> r.keyId(keyId).policy("{\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}")), "MalformedPolicyDocumentException", "Principal");
        assertAwsError(() -> kms.createKey(r -> r.policy("[]")), "MalformedPolicyDocumentException", "object");
        assertThat(kms.getKeyPolicy(r -> r.keyId(keyId)).policy()).isEqualTo(before);
    }

    @Test
    void putKeyPolicy_lockingTheCallerOut_isRefusedUnlessBypassed() {
        String keyId = f.createStandardKey().keyId();
        String lockout = policy("arn:aws:iam::" + account + ":role/Other", "kms:*");
        assertAwsError(() -> kms.putKeyPolicy(r -> r.keyId(keyId).policy(lockout)), "MalformedPolicyDocumentException",
                "will not allow you to update the key policy in the future");
        assertAwsError(() -> kms.putKeyPolicy(r -> r.keyId(keyId).policy(policy(account, "kms:Encrypt"))),
                "MalformedPolicyDocumentException", "update the key policy");
        kms.putKeyPolicy(r -> r.keyId(keyId).policy(lockout).bypassPolicyLockoutSafetyCheck(true));
        assertThat(kms.getKeyPolicy(r -> r.keyId(keyId)).policy()).isEqualTo(lockout);
    }

    @Test
    void putKeyPolicy_largerThan32Kb_isLimitExceeded_andUnknownPolicyNameIsNotFound() {
        String keyId = f.createStandardKey().keyId();
        String big = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"" + "s".repeat(33_000) + "\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"" + account + "\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
        assertAwsError(() -> kms.putKeyPolicy(r -> r.keyId(keyId).policy(big)), "LimitExceededException", "32 KB");
        assertAwsError(() -> kms.getKeyPolicy(r -> r.keyId(keyId).policyName("other")), "NotFoundException", "other");
    }

    // ---- grants ----

    @Test
    void createGrant_isListedWithItsPropertiesAndRetiredByToken() {
        String keyArn = f.createStandardKey().arn();
        CreateGrantResponse grant = kms.createGrant(r -> r.keyId(keyArn).granteePrincipal("arn:aws:iam::" + account + ":role/App")
                .retiringPrincipal("arn:aws:iam::" + account + ":role/Admin").operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT)
                .constraints(c -> c.encryptionContextSubset(Map.of("Department", "IT"))).name("app-grant"));
        assertThat(grant.grantId()).matches("[0-9a-f]{64}");
        assertThat(grant.grantToken()).isNotBlank();
        List<GrantListEntry> grants = kms.listGrants(r -> r.keyId(keyArn)).grants();
        assertThat(grants).hasSize(1);
        GrantListEntry e = grants.get(0);
        assertThat(e.grantId()).isEqualTo(grant.grantId());
        assertThat(e.keyId()).isEqualTo(keyArn);
        assertThat(e.name()).isEqualTo("app-grant");
        assertThat(e.granteePrincipal()).isEqualTo("arn:aws:iam::" + account + ":role/App");
        assertThat(e.issuingAccount()).isEqualTo("arn:aws:iam::" + account + ":root");
        assertThat(e.operations()).containsExactly(GrantOperation.ENCRYPT, GrantOperation.DECRYPT);
        assertThat(e.constraints().encryptionContextSubset()).containsEntry("Department", "IT");
        assertThat(kms.listRetirableGrants(r -> r.retiringPrincipal("arn:aws:iam::" + account + ":role/Admin")).grants())
                .extracting(GrantListEntry::grantId).contains(grant.grantId());

        // a grant token is accepted by the operations of the grant; an unknown one is InvalidGrantTokenException
        kms.encrypt(r -> r.keyId(keyArn).plaintext(SdkBytes.fromUtf8String("x")).encryptionContext(Map.of("Department", "IT"))
                .grantTokens(grant.grantToken()));
        assertAwsError(() -> kms.encrypt(r -> r.keyId(keyArn).plaintext(SdkBytes.fromUtf8String("x")).grantTokens("bogus")),
                "InvalidGrantTokenException", "grant token");

        kms.retireGrant(r -> r.grantToken(grant.grantToken()));
        assertThat(kms.listGrants(r -> r.keyId(keyArn)).grants()).isEmpty();
        assertAwsError(() -> kms.retireGrant(r -> r.grantToken(grant.grantToken())), "InvalidGrantTokenException", "not valid");
    }

    @Test
    void createGrant_sameNameAndProperties_returnsTheSameGrantId() {
        String keyId = f.createStandardKey().keyId();
        String name = unique("idempotent");
        String first = kms.createGrant(r -> r.keyId(keyId).granteePrincipal("dynamodb.amazonaws.com")
                .operations(GrantOperation.DECRYPT).name(name)).grantId();
        String second = kms.createGrant(r -> r.keyId(keyId).granteePrincipal("dynamodb.amazonaws.com")
                .operations(GrantOperation.DECRYPT).name(name)).grantId();
        assertThat(second).isEqualTo(first);
        assertThat(kms.listGrants(r -> r.keyId(keyId)).grants()).hasSize(1);
    }

    @Test
    void listGrants_pagesWithLimitAndMarker() {
        String keyId = f.createStandardKey().keyId();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(kms.createGrant(r -> r.keyId(keyId).granteePrincipal("arn:aws:iam::" + account + ":role/R")
                    .operations(GrantOperation.DESCRIBE_KEY)).grantId());
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        for (int page = 0; page < 3; page++) {
            String m = marker;
            ListGrantsResponse out = kms.listGrants(r -> r.keyId(keyId).limit(2).marker(m));
            out.grants().forEach(g -> seen.add(g.grantId()));
            assertThat(out.truncated()).isEqualTo(page < 2);
            marker = out.nextMarker();
        }
        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(kms.listGrants(r -> r.keyId(keyId).grantId(created.get(3))).grants()).extracting(GrantListEntry::grantId)
                .containsExactly(created.get(3));
        assertAwsError(() -> kms.listGrants(r -> r.keyId(keyId).limit(101)), "ValidationException", "100");
        assertAwsError(() -> kms.listGrants(r -> r.keyId(keyId).marker("bogus")), "InvalidMarkerException", "bogus");
    }

    @Test
    void revokeGrant_removesIt_andUnknownOrMalformedIdsAreErrors() {
        String keyId = f.createStandardKey().keyId();
        String grantId = kms.createGrant(r -> r.keyId(keyId).granteePrincipal("arn:aws:iam::" + account + ":role/R")
                .operations(GrantOperation.GENERATE_DATA_KEY)).grantId();
        kms.revokeGrant(r -> r.keyId(keyId).grantId(grantId));
        assertThat(kms.listGrants(r -> r.keyId(keyId)).grants()).isEmpty();
        assertAwsError(() -> kms.revokeGrant(r -> r.keyId(keyId).grantId(grantId)), "NotFoundException", grantId);
        assertAwsError(() -> kms.revokeGrant(r -> r.keyId(keyId).grantId("not-a-grant-id")), "InvalidGrantIdException", "not-a-grant-id");
        assertAwsError(() -> kms.retireGrant(r -> r.keyId(keyId)), "ValidationException", "GrantToken");
    }

    @Test
    void createGrant_operationsTheKeyDoesNotSupportOrConstraintsOnAsymmetricKeys_areValidationErrors() {
        String symmetric = f.createStandardKey().keyId();
        assertAwsError(() -> kms.createGrant(r -> r.keyId(symmetric).granteePrincipal("arn:aws:iam::" + account + ":role/R")
                .operations(GrantOperation.SIGN)), "ValidationException", "Sign");
        String signing = kms.createKey(r -> r.keySpec("ECC_NIST_P256").keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        assertAwsError(() -> kms.createGrant(r -> r.keyId(signing).granteePrincipal("arn:aws:iam::" + account + ":role/R")
                .operations(GrantOperation.SIGN).constraints(c -> c.encryptionContextEquals(Map.of("a", "b")))),
                "ValidationException", "constraints");
        assertAwsError(() -> kms.createGrant(r -> r.keyId(symmetric).granteePrincipal("bad principal!")
                .operations(GrantOperation.DECRYPT)), "ValidationException", "granteePrincipal");
    }

    @Test
    void createGrant_disabledKey_isDisabledException() {
        String keyId = f.createStandardKey().keyId();
        kms.disableKey(r -> r.keyId(keyId));
        assertAwsError(() -> kms.createGrant(r -> r.keyId(keyId).granteePrincipal("arn:aws:iam::" + account + ":role/R")
                .operations(GrantOperation.DECRYPT)), "DisabledException", keyId);
    }
}
