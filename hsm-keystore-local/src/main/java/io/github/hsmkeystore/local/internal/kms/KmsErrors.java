package io.github.hsmkeystore.local.internal.kms;

import io.github.hsmkeystore.local.internal.AwsException;

/** KMS error shapes with the messages AWS uses (aws-semantics 3.4-3.7 and section 8). */
final class KmsErrors {
    private KmsErrors() {
    }

    static AwsException notFound(String message) {
        return AwsException.client("NotFoundException", message);
    }

    static AwsException keyNotFound(String keyArn) {
        return notFound("Key '" + keyArn + "' does not exist");
    }

    static AwsException aliasNotFound(String aliasArn) {
        return notFound("Alias " + aliasArn + " is not found.");
    }

    static AwsException disabled(String keyArn) {
        return AwsException.client("DisabledException", keyArn + " is disabled.");
    }

    static AwsException invalidState(String message) {
        return AwsException.client("KMSInvalidStateException", message);
    }

    static AwsException pendingDeletion(String keyArn) {
        return invalidState(keyArn + " is pending deletion.");
    }

    static AwsException unsupported(String message) {
        return AwsException.client("UnsupportedOperationException", message);
    }

    static AwsException storeNotFound(String message) {
        return AwsException.client("CustomKeyStoreNotFoundException", message);
    }

    static AwsException storeInvalidState(String message) {
        return AwsException.client("CustomKeyStoreInvalidStateException", message);
    }

    static AwsException clusterInvalidConfiguration(String message) {
        return AwsException.client("CloudHsmClusterInvalidConfigurationException", message);
    }

    /**
     * What AWS answers for an action the key policy does not allow, e.g. any change to an AWS managed key
     * (docs/kms-and-cloudhsm.md "AWS managed keys"). The emulator's caller is the account's root user.
     */
    static AwsException accessDenied(io.github.hsmkeystore.local.internal.Scope scope, String action, String keyArn) {
        return AwsException.client("AccessDeniedException", "User: arn:aws:iam::" + scope.accountId()
                + ":root is not authorized to perform: kms:" + action + " on resource: " + keyArn
                + " because no resource-based policy allows the kms:" + action + " action");
    }

    static AwsException tag(String message) {
        return AwsException.client("TagException", message);
    }
}
