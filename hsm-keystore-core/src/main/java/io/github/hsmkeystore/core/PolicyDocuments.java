package io.github.hsmkeystore.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.policybuilder.iam.IamConditionOperator;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPolicyWriter;
import software.amazon.awssdk.policybuilder.iam.IamResource;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * Least-privilege IAM policies for the principal that provisions with {@link KeyStoreBuilder} and for an application
 * that uses one key and one encrypted DynamoDB table, as JSON or as the AWS SDK's {@link IamPolicy}.
 *
 * <pre>{@code
 * String policy = PolicyDocuments.application(key.arn(), "arn:aws:dynamodb:us-east-1:111122223333:table/orders");
 * IamPolicy more = PolicyDocuments.applicationPolicy(key.arn(), tableArn).toBuilder()
 *         .addStatement(s -> s.effect(IamEffect.ALLOW).addAction("sqs:SendMessage").addResource(queueArn))
 *         .build();
 * }</pre>
 *
 * <p>CloudHSM has no resource-level permissions for its actions, and CreateCluster/CreateHsm manage EC2 network
 * interfaces and security groups, so those statements use {@code "Resource": "*"}. In the JSON (the SDK's
 * {@code IamPolicyWriter}), an element with one value is written as a string and a policy's only statement as an
 * object; IAM reads both as one-element arrays (docs/library.md, "IAM policies").
 */
public final class PolicyDocuments {
    private static final Pattern KMS_KEY_ARN = Pattern.compile("arn:(aws[a-zA-Z-]*):kms:([a-z0-9-]+):(\\d{12}):key/.+");
    private static final Pattern TABLE_ARN = Pattern.compile("arn:(aws[a-zA-Z-]*):dynamodb:([a-z0-9-]+):(\\d{12}):table/[A-Za-z0-9_.-]{3,255}");
    private static final String VERSION = "2012-10-17";
    private static final IamPolicyWriter WRITER = IamPolicyWriter.builder().prettyPrint(true).build();

    private PolicyDocuments() {
    }

    /**
     * The policy for provisioning, tearing down and checking a CloudHSM key store with {@link KeyStoreBuilder#cloudHsm}.
     *
     * @return the IAM policy JSON
     */
    public static String cloudHsmProvisioning() {
        return cloudHsmProvisioningPolicy().toJson(WRITER);
    }

    /**
     * The policy of {@link #cloudHsmProvisioning()} as an {@link IamPolicy}, to extend or combine before writing it.
     *
     * @return the IAM policy
     */
    public static IamPolicy cloudHsmProvisioningPolicy() {
        return IamPolicy.builder().version(VERSION)
                .addStatement(allowAll("CloudHsmCluster", List.of("cloudhsm:CreateCluster", "cloudhsm:DescribeClusters",
                        "cloudhsm:TagResource", "cloudhsm:ListTags", "cloudhsm:CreateHsm", "cloudhsm:DeleteHsm",
                        "cloudhsm:InitializeCluster", "cloudhsm:DeleteCluster")))
                .addStatement(allowAll("CloudHsmNetwork", List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
                        "ec2:DescribeNetworkInterfaceAttribute", "ec2:DetachNetworkInterface", "ec2:DeleteNetworkInterface",
                        "ec2:CreateSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress",
                        "ec2:RevokeSecurityGroupEgress", "ec2:DescribeSecurityGroups", "ec2:DeleteSecurityGroup",
                        "ec2:CreateTags", "ec2:DescribeVpcs", "ec2:DescribeSubnets")))
                .addStatement(allowAll("ServiceLinkedRoles", List.of("iam:CreateServiceLinkedRole")).toBuilder()
                        .addConditions(IamConditionOperator.STRING_EQUALS, "iam:AWSServiceName",
                                List.of("cloudhsm.amazonaws.com", "cks.kms.amazonaws.com"))
                        .build())
                .addStatement(allowAll("KmsCustomKeyStore", List.of("kms:CreateCustomKeyStore", "kms:DescribeCustomKeyStores",
                        "kms:ConnectCustomKeyStore", "kms:DisconnectCustomKeyStore", "kms:UpdateCustomKeyStore",
                        "kms:DeleteCustomKeyStore")))
                .addStatement(kmsKeys(false))
                .build();
    }

    /**
     * The policy for provisioning standard KMS keys with {@link KeyStoreBuilder#standardKms}.
     *
     * @return the IAM policy JSON
     */
    public static String standardKmsProvisioning() {
        return standardKmsProvisioningPolicy().toJson(WRITER);
    }

    /**
     * The policy of {@link #standardKmsProvisioning()} as an {@link IamPolicy}, to extend or combine before writing it.
     *
     * @return the IAM policy
     */
    public static IamPolicy standardKmsProvisioningPolicy() {
        return IamPolicy.builder().version(VERSION).addStatement(kmsKeys(true)).build();
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
        return applicationPolicy(keyArn, tableArn).toJson(WRITER);
    }

    /**
     * The policy of {@link #application(String, String)} as an {@link IamPolicy}, to extend or combine before
     * writing it.
     *
     * @param keyArn the key ARN ({@code arn:aws:kms:<region>:<account>:key/<id>})
     * @param tableArn the table ARN ({@code arn:aws:dynamodb:<region>:<account>:table/<name>})
     * @return the IAM policy
     * @throws IllegalArgumentException if an ARN has the wrong form
     */
    public static IamPolicy applicationPolicy(String keyArn, String tableArn) {
        Matcher key = KMS_KEY_ARN.matcher(Objects.requireNonNull(keyArn, "keyArn must not be null"));
        Matcher table = TABLE_ARN.matcher(Objects.requireNonNull(tableArn, "tableArn must not be null"));
        if (!key.matches()) {
            throw new IllegalArgumentException("keyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got " + keyArn);
        }
        if (!table.matches()) {
            throw new IllegalArgumentException("tableArn must be a DynamoDB table ARN (arn:aws:dynamodb:<region>:<account>:table/<name>), got " + tableArn);
        }
        return IamPolicy.builder().version(VERSION)
                .addStatement(s -> s.sid("TableItems").effect(IamEffect.ALLOW)
                        .actionIds(List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
                                "dynamodb:Scan", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                                "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"))
                        .resourceIds(List.of(tableArn, tableArn + "/index/*")))
                .addStatement(s -> s.sid("TableKeyViaDynamoDb").effect(IamEffect.ALLOW)
                        .actionIds(List.of("kms:Decrypt", "kms:DescribeKey"))
                        .addResource(keyArn)
                        .addCondition(IamConditionOperator.STRING_EQUALS, "kms:ViaService",
                                "dynamodb." + key.group(2) + ".amazonaws.com"))
                .build();
    }

    private static IamStatement kmsKeys(boolean rotation) {
        List<String> actions = new ArrayList<>(List.of("kms:CreateKey", "kms:TagResource", "kms:DescribeKey",
                "kms:ListKeys", "kms:ListAliases", "kms:ListResourceTags", "kms:CreateAlias", "kms:ScheduleKeyDeletion"));
        if (rotation) {
            actions.addAll(List.of("kms:EnableKeyRotation", "kms:GetKeyRotationStatus"));
        }
        return allowAll("KmsKeys", actions);
    }

    /** A statement that allows the actions on every resource ({@code "Resource": "*"}). */
    private static IamStatement allowAll(String sid, List<String> actions) {
        return IamStatement.builder().sid(sid).effect(IamEffect.ALLOW).actionIds(actions).addResource(IamResource.ALL).build();
    }
}
