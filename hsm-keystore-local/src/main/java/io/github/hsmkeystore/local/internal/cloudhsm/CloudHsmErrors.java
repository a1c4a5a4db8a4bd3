package io.github.hsmkeystore.local.internal.cloudhsm;

import io.github.hsmkeystore.local.internal.AwsException;

/** The CloudHSMv2 error shapes (aws-semantics 4.1). */
final class CloudHsmErrors {
    private CloudHsmErrors() {
    }

    static AwsException invalidRequest(String message) {
        return AwsException.client("CloudHsmInvalidRequestException", message);
    }

    static AwsException notFound(String message) {
        return AwsException.client("CloudHsmResourceNotFoundException", message);
    }

    static AwsException limitExceeded(String message) {
        return AwsException.client("CloudHsmResourceLimitExceededException", message);
    }

    static AwsException tag(String message) {
        return AwsException.client("CloudHsmTagException", message);
    }
}
