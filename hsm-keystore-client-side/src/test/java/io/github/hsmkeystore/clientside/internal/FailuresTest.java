package io.github.hsmkeystore.clientside.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.clientside.BranchKeyMissingException;
import io.github.hsmkeystore.clientside.ClientSideEncryptionException;
import io.github.hsmkeystore.clientside.KeyStoreDisconnectedException;
import io.github.hsmkeystore.clientside.KmsKeyDisabledException;
import io.github.hsmkeystore.core.KmsKey;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.OriginType;

class FailuresTest {
    private static final KmsKey HSM_KEY = new KmsKey("k1", "arn:aws:kms:us-east-1:000000000000:key/k1", "alias/a",
            OriginType.AWS_CLOUDHSM, Optional.of("cks-1"));
    private static final KmsKey STANDARD_KEY = new KmsKey("k2", "arn:aws:kms:us-east-1:000000000000:key/k2", "alias/b",
            OriginType.AWS_KMS, Optional.empty());

    @Test
    void translate_nestedDisabled_kmsKeyDisabled() {
        RuntimeException e = new RuntimeException("wrapper", DisabledException.builder().message("is disabled.").build());
        assertThat(Failures.translate(e, HSM_KEY, "put on t")).isInstanceOf(KmsKeyDisabledException.class)
                .hasMessageContaining("EnableKey").hasMessageContaining(HSM_KEY.arn());
    }

    @Test
    void translate_invalidStateOnCloudHsmKey_keyStoreDisconnected() {
        RuntimeException e = KmsInvalidStateException.builder().message(HSM_KEY.arn() + " is unavailable.").build();
        assertThat(Failures.translate(e, HSM_KEY, "get on t")).isInstanceOf(KeyStoreDisconnectedException.class)
                .hasMessageContaining("cks-1").hasMessageContaining("ConnectCustomKeyStore");
    }

    @Test
    void translate_invalidStateOnStandardKeyOrPendingDeletion_generic() {
        RuntimeException standard = KmsInvalidStateException.builder().message("x is unavailable.").build();
        assertThat(Failures.translate(standard, STANDARD_KEY, "put")).isExactlyInstanceOf(ClientSideEncryptionException.class);
        RuntimeException pending = KmsInvalidStateException.builder().message("x is pending deletion.").build();
        assertThat(Failures.translate(pending, HSM_KEY, "put")).isExactlyInstanceOf(ClientSideEncryptionException.class)
                .hasMessageContaining("pending deletion");
    }

    @Test
    void translate_noBranchKeyItem_branchKeyMissing() {
        RuntimeException e = new IllegalStateException("No item found for corresponding branch key identifier.");
        assertThat(Failures.translate(e, HSM_KEY, "put")).isInstanceOf(BranchKeyMissingException.class)
                .hasMessageContaining("createBranchKey");
    }

    @Test
    void translate_dynamoDbServiceError_returnedUnchanged() {
        RuntimeException e = ConditionalCheckFailedException.builder().message("The conditional request failed").build();
        assertThat(Failures.translate(e, HSM_KEY, "put")).isSameAs(e);
    }
}
