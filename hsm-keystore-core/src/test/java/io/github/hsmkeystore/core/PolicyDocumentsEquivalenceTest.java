package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * The documents grant exactly what the hand-written JSON before iam-policy-builder granted: the reference documents
 * under {@code src/test/resources/policy-documents} were written by that implementation. Compared as IAM reads them: the
 * same statements (Sid, Effect, Action, Resource, Condition and no other element), order and the one-element-array
 * versus string spelling ignored.
 */
class PolicyDocumentsEquivalenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String TABLE = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";

    private static JsonNode reference(String name) throws Exception {
        try (InputStream in = PolicyDocumentsEquivalenceTest.class.getResourceAsStream("/policy-documents/" + name + ".json")) {
            assertThat(in).as(name).isNotNull();
            return JSON.readTree(in);
        }
    }

    /**
     * Objects become maps whose values are sets: an array gives the set of its elements, any other value a set of
     * one (IAM reads a one-value element, and a policy's one statement, the same with or without brackets).
     */
    static Map<String, Object> normalized(JsonNode object) {
        Map<String, Object> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Set<Object> values = new HashSet<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(item(v)));
                assertThat(values).as("duplicates in " + e.getValue()).hasSize(e.getValue().size());
            } else {
                values.add(item(e.getValue()));
            }
            out.put(e.getKey(), values);
        }
        return out;
    }

    private static Object item(JsonNode node) {
        assertThat(node.isObject() || node.isTextual()).as("object or string: " + node).isTrue();
        return node.isObject() ? normalized(node) : node.asText();
    }

    private static void assertGrantsTheSame(String actual, String referenceName) throws Exception {
        JsonNode expected = reference(referenceName);
        assertThat(normalized(JSON.readTree(actual))).isEqualTo(normalized(expected));
        // the normalisation itself must see the statements, or the comparison above proves nothing
        assertThat(expected.path("Statement").size()).isPositive();
    }

    @Test
    void cloudHsmProvisioning_grantsWhatTheReferenceDocumentGrants() throws Exception {
        assertGrantsTheSame(PolicyDocuments.cloudHsmProvisioning(), "cloudHsmProvisioning");
    }

    @Test
    void standardKmsProvisioning_grantsWhatTheReferenceDocumentGrants() throws Exception {
        assertGrantsTheSame(PolicyDocuments.standardKmsProvisioning(), "standardKmsProvisioning");
    }

    @Test
    void application_grantsWhatTheReferenceDocumentGrants() throws Exception {
        assertGrantsTheSame(PolicyDocuments.application(KEY, TABLE), "application");
    }

    @Test
    void applicationPolicy_isTheDocumentAsIamPolicy_extendable() {
        IamPolicy policy = PolicyDocuments.applicationPolicy(KEY, TABLE);
        assertThat(policy).isEqualTo(IamPolicy.fromJson(PolicyDocuments.application(KEY, TABLE)));
        assertThat(policy.statements()).extracting(IamStatement::sid).containsExactly("TableItems", "TableKeyViaDynamoDb");
        IamPolicy more = policy.toBuilder()
                .addStatement(st -> st.effect(IamEffect.ALLOW).addAction("sqs:SendMessage").addResource("arn:aws:sqs:eu-west-1:111122223333:q"))
                .build();
        assertThat(more.statements()).hasSize(3);
        assertThat(more.statements().subList(0, 2)).isEqualTo(policy.statements());
    }

    @Test
    void provisioningPolicies_areTheDocumentsAsIamPolicies() {
        assertThat(PolicyDocuments.cloudHsmProvisioningPolicy())
                .isEqualTo(IamPolicy.fromJson(PolicyDocuments.cloudHsmProvisioning()));
        assertThat(PolicyDocuments.standardKmsProvisioningPolicy())
                .isEqualTo(IamPolicy.fromJson(PolicyDocuments.standardKmsProvisioning()));
        assertThat(PolicyDocuments.standardKmsProvisioningPolicy()).isNotEqualTo(PolicyDocuments.cloudHsmProvisioningPolicy());
    }

    @Test
    void applicationPolicy_badArn_rejected() {
        assertThatThrownBy(() -> PolicyDocuments.applicationPolicy(KEY, "orders")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tableArn");
    }

    @Test
    void normalized_oneStatementObjectAndOneElementArray_equal() throws Exception {
        String statement = "{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}";
        assertThat(normalized(JSON.readTree("{\"Statement\":" + statement + "}")))
                .isEqualTo(normalized(JSON.readTree("{\"Statement\":[" + statement + "]}")));
    }

    @Test
    void normalized_differentResource_notEqual() throws Exception {
        String other = PolicyDocuments.application(KEY, "arn:aws:dynamodb:eu-west-1:111122223333:table/other");
        assertThat(normalized(JSON.readTree(other))).isNotEqualTo(normalized(reference("application")));
    }

    @Test
    void normalized_stringAndOneElementArray_equal() throws Exception {
        assertThat(normalized(JSON.readTree("{\"Action\":\"kms:Decrypt\"}")))
                .isEqualTo(normalized(JSON.readTree("{\"Action\":[\"kms:Decrypt\"]}")))
                .isNotEqualTo(normalized(JSON.readTree("{\"Action\":[\"kms:Decrypt\",\"kms:Encrypt\"]}")));
    }
}
