package io.github.hsmkeystore.clientside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.cryptography.materialproviders.model.DBEAlgorithmSuiteId;

class ClientSideTableDefinitionTest {

    @Test
    void build_defaults_dbEsdkDefaultSuiteNoBeacons() {
        ClientSideTableDefinition d = ClientSideTableDefinition.builder().build();
        assertThat(d.algorithmSuite()).isEqualTo(AlgorithmSuite.ECDSA_P384_SIGNED);
        assertThat(d.algorithmSuite().id())
                .isEqualTo(DBEAlgorithmSuiteId.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384_SYMSIG_HMAC_SHA384);
        assertThat(d.beacons()).isEmpty();
        assertThat(d.actions()).isEmpty();
    }

    @Test
    void suffixBeacon_namesIndexAndAttribute() {
        ClientSideTableDefinition.Beacon b = ClientSideTableDefinition.builder()
                .suffixBeacon("cardLast4", "creditCard", 4, 10).build().beacons().get(0);
        assertThat(b.indexName()).isEqualTo("cardLast4-index");
        assertThat(b.attributeName()).isEqualTo("aws_dbe_b_cardLast4");
        assertThat(b.suffixLength()).isEqualTo(4);
    }

    @Test
    void beacon_lengthOutsideOneTo63_rejected() {
        assertThatThrownBy(() -> ClientSideTableDefinition.builder().beacon("b", "creditCard", 64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 63");
        assertThatThrownBy(() -> ClientSideTableDefinition.builder().beacon("b", "creditCard", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 63");
    }

    @Test
    void beacon_reservedPrefix_rejected() {
        assertThatThrownBy(() -> ClientSideTableDefinition.builder().beacon("aws_dbe_x", "creditCard", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }

    @Test
    void hierarchical_ttlOutOfRange_rejected() {
        assertThatThrownBy(() -> Keyring.hierarchical(null, "id", Duration.ofSeconds(5)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("branchKeys");
        assertThat(Keyring.kms().isHierarchical()).isFalse();
        assertThat(Keyring.kms().toString()).isEqualTo("KMS keyring");
    }

    @Test
    void build_nothingSet_namesEveryMissingSetting() {
        assertThatThrownBy(() -> ClientSideEncryption.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("clients").hasMessageContaining("clientBuilder").hasMessageContaining("key")
                .hasMessageContaining("keyring");
    }
}
