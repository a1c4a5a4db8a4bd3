package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String TABLE = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders";

    /** The values of a policy element, which IAM accepts as an array or, for one value, a string. */
    static List<String> values(JsonNode element) {
        List<String> out = new ArrayList<>();
        if (element.isTextual()) {
            out.add(element.asText());
        } else {
            element.forEach(v -> out.add(v.asText()));
        }
        return out;
    }

    /** The statements of a policy, which IAM accepts as an array or, for one statement, an object. */
    static List<JsonNode> statements(JsonNode doc) {
        JsonNode statement = doc.path("Statement");
        List<JsonNode> out = new ArrayList<>();
        if (statement.isObject()) {
            out.add(statement);
        } else {
            statement.forEach(out::add);
        }
        return out;
    }

    static List<String> actions(String policy) throws Exception {
        JsonNode doc = JSON.readTree(policy);
        assertThat(doc.path("Version").asText()).isEqualTo("2012-10-17");
        List<String> out = new ArrayList<>();
        for (JsonNode st : statements(doc)) {
            assertThat(st.path("Effect").asText()).isEqualTo("Allow");
            out.addAll(values(st.path("Action")));
        }
        return out;
    }

    @Test
    void cloudHsmProvisioning_containsEveryStepsActionsAndNoWildcardActions() throws Exception {
        List<String> a = actions(PolicyDocuments.cloudHsmProvisioning());
        assertThat(a).contains("cloudhsm:CreateCluster", "cloudhsm:DescribeClusters", "cloudhsm:CreateHsm",
                "cloudhsm:InitializeCluster", "cloudhsm:DeleteHsm", "cloudhsm:DeleteCluster", "cloudhsm:TagResource",
                "kms:CreateCustomKeyStore", "kms:DescribeCustomKeyStores", "kms:ConnectCustomKeyStore",
                "kms:DisconnectCustomKeyStore", "kms:DeleteCustomKeyStore", "kms:CreateKey", "kms:CreateAlias",
                "kms:ScheduleKeyDeletion", "iam:CreateServiceLinkedRole", "ec2:CreateNetworkInterface");
        assertThat(a).noneMatch(s -> s.contains("*")).doesNotHaveDuplicates()
                .doesNotContain("kms:Decrypt", "kms:Encrypt", "kms:EnableKeyRotation");
    }

    @Test
    void cloudHsmProvisioning_serviceLinkedRoleLimitedToTwoServices() throws Exception {
        JsonNode doc = JSON.readTree(PolicyDocuments.cloudHsmProvisioning());
        JsonNode slr = null;
        for (JsonNode st : statements(doc)) {
            if (values(st.path("Action")).get(0).equals("iam:CreateServiceLinkedRole")) {
                slr = st;
            }
        }
        assertThat(slr).isNotNull();
        assertThat(slr.path("Condition").path("StringEquals").path("iam:AWSServiceName").toString())
                .contains("cloudhsm.amazonaws.com", "cks.kms.amazonaws.com");
    }

    @Test
    void standardKmsProvisioning_hasRotationButNoCloudHsm() throws Exception {
        List<String> a = actions(PolicyDocuments.standardKmsProvisioning());
        assertThat(a).contains("kms:CreateKey", "kms:EnableKeyRotation", "kms:CreateAlias")
                .noneMatch(s -> s.startsWith("cloudhsm:"));
    }

    @Test
    void application_scopesToTableAndKeyViaDynamoDb() throws Exception {
        String policy = PolicyDocuments.application(KEY, TABLE);
        List<String> a = actions(policy);
        assertThat(a).contains("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "kms:Decrypt", "kms:DescribeKey")
                .doesNotContain("dynamodb:DeleteTable", "dynamodb:CreateTable", "kms:ScheduleKeyDeletion", "kms:CreateKey");
        JsonNode doc = JSON.readTree(policy);
        assertThat(doc.path("Statement").get(0).path("Resource").toString()).contains(TABLE, TABLE + "/index/*");
        JsonNode kms = doc.path("Statement").get(1);
        assertThat(kms.path("Resource").asText()).isEqualTo(KEY);
        assertThat(kms.path("Condition").path("StringEquals").path("kms:ViaService").asText())
                .isEqualTo("dynamodb.eu-west-1.amazonaws.com");
    }

    @Test
    void application_badArn_rejected() {
        assertThatThrownBy(() -> PolicyDocuments.application("alias/x", TABLE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyArn");
        assertThatThrownBy(() -> PolicyDocuments.application(KEY, "orders")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tableArn");
    }
}
