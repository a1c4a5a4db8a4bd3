package io.github.hsmkeystore.core;

import io.github.hsmkeystore.core.internal.JsonWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Least-privilege IAM policy documents (JSON) for the principal that provisions with {@link KeyStoreBuilder} and
 * for an application that uses one key and one encrypted DynamoDB table.
 *
 * <pre>{@code
 * String policy = PolicyDocuments.application(key.arn(), "arn:aws:dynamodb:us-east-1:111122223333:table/orders");
 * }</pre>
 *
 * <p>CloudHSM has no resource-level permissions for its actions, and CreateCluster/CreateHsm manage EC2 network
 * interfaces and security groups, so those statements use {@code "Resource": "*"}.
 */
public final class PolicyDocuments {
    private static final Pattern KMS_KEY_ARN = Pattern.compile("arn:(aws[a-zA-Z-]*):kms:([a-z0-9-]+):(\\d{12}):key/.+");
    private static final Pattern TABLE_ARN = Pattern.compile("arn:(aws[a-zA-Z-]*):dynamodb:([a-z0-9-]+):(\\d{12}):table/[A-Za-z0-9_.-]{3,255}");

    private PolicyDocuments() {
    }

    /**
     * The policy for provisioning, tearing down and checking a CloudHSM key store with {@link KeyStoreBuilder#cloudHsm}.
     *
     * @return the IAM policy JSON
     */
    public static String cloudHsmProvisioning() {
        return JsonWriter.write(policy(List.of(
                statement("CloudHsmCluster", List.of("cloudhsm:CreateCluster", "cloudhsm:DescribeClusters",
                        "cloudhsm:TagResource", "cloudhsm:ListTags", "cloudhsm:CreateHsm", "cloudhsm:DeleteHsm",
                        "cloudhsm:InitializeCluster", "cloudhsm:DeleteCluster"), "*", null),
                statement("CloudHsmNetwork", List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
                        "ec2:DescribeNetworkInterfaceAttribute", "ec2:DetachNetworkInterface", "ec2:DeleteNetworkInterface",
                        "ec2:CreateSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress",
                        "ec2:RevokeSecurityGroupEgress", "ec2:DescribeSecurityGroups", "ec2:DeleteSecurityGroup",
                        "ec2:CreateTags", "ec2:DescribeVpcs", "ec2:DescribeSubnets"), "*", null),
                statement("ServiceLinkedRoles", List.of("iam:CreateServiceLinkedRole"), "*",
                        Map.of("StringEquals", Map.of("iam:AWSServiceName",
                                List.of("cloudhsm.amazonaws.com", "cks.kms.amazonaws.com")))),
                statement("KmsCustomKeyStore", List.of("kms:CreateCustomKeyStore", "kms:DescribeCustomKeyStores",
                        "kms:ConnectCustomKeyStore", "kms:DisconnectCustomKeyStore", "kms:UpdateCustomKeyStore",
                        "kms:DeleteCustomKeyStore"), "*", null),
                kmsKeys(false))));
    }

    /**
     * The policy for provisioning standard KMS keys with {@link KeyStoreBuilder#standardKms}.
     *
     * @return the IAM policy JSON
     */
    public static String standardKmsProvisioning() {
        return JsonWriter.write(policy(List.of(kmsKeys(true))));
    }

    /**
     * The policy for an application that reads and writes items of one DynamoDB table encrypted with one KMS key:
     * item operations on the table and its indexes, and on the key only what DynamoDB needs on the caller's behalf
     * (restricted to calls made through DynamoDB in the key's Region).
     *
     * @param keyArn the key ARN ({@code arn:aws:kms:<region>:<account>:key/<id>})
     * @param tableArn the table ARN ({@code arn:aws:dynamodb:<region>:<account>:table/<name>})
     * @return the IAM policy JSON
     * @throws IllegalArgumentException if an ARN has the wrong form
     */
    public static String application(String keyArn, String tableArn) {
        Matcher key = KMS_KEY_ARN.matcher(Objects.requireNonNull(keyArn, "keyArn must not be null"));
        Matcher table = TABLE_ARN.matcher(Objects.requireNonNull(tableArn, "tableArn must not be null"));
        if (!key.matches()) {
            throw new IllegalArgumentException("keyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got " + keyArn);
        }
        if (!table.matches()) {
            throw new IllegalArgumentException("tableArn must be a DynamoDB table ARN (arn:aws:dynamodb:<region>:<account>:table/<name>), got " + tableArn);
        }
        return JsonWriter.write(policy(List.of(
                statement("TableItems", List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
                        "dynamodb:Scan", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                        "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"),
                        List.of(tableArn, tableArn + "/index/*"), null),
                statement("TableKeyViaDynamoDb", List.of("kms:Decrypt", "kms:DescribeKey"), keyArn,
                        Map.of("StringEquals", Map.of("kms:ViaService", "dynamodb." + key.group(2) + ".amazonaws.com"))))));
    }

    private static Map<String, Object> kmsKeys(boolean rotation) {
        List<String> actions = new java.util.ArrayList<>(List.of("kms:CreateKey", "kms:TagResource", "kms:DescribeKey",
                "kms:ListKeys", "kms:ListAliases", "kms:ListResourceTags", "kms:CreateAlias", "kms:ScheduleKeyDeletion"));
        if (rotation) {
            actions.addAll(List.of("kms:EnableKeyRotation", "kms:GetKeyRotationStatus"));
        }
        return statement("KmsKeys", actions, "*", null);
    }

    private static Map<String, Object> policy(List<Map<String, Object>> statements) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", statements);
        return doc;
    }

    private static Map<String, Object> statement(String sid, List<String> actions, Object resource, Map<String, Object> condition) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Sid", sid);
        s.put("Effect", "Allow");
        s.put("Action", actions);
        s.put("Resource", resource);
        if (condition != null) {
            s.put("Condition", condition);
        }
        return s;
    }
}
