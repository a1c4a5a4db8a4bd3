package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.OriginType;

/** Builder checks that need no AWS call (the client points at a closed port and is never used). */
class KeyStoreBuilderTest {
    private static KmsClient unusedKms() {
        return KmsClient.builder().endpointOverride(URI.create("http://127.0.0.1:9")).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
    }

    @Test
    void setters_null_throwNamedNpe() {
        try (KmsClient kms = unusedKms()) {
            KeyStoreBuilder b = KeyStoreBuilder.standardKms(kms);
            assertThatThrownBy(() -> b.customKeyStoreName(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("customKeyStoreName must not be null");
            assertThatThrownBy(() -> b.kmsUserPassword(null)).hasMessage("kmsUserPassword must not be null");
            assertThatThrownBy(() -> KeyStoreBuilder.cloudHsm(null, kms)).hasMessage("cloudHsm must not be null");
        }
    }

    @Test
    void provision_standardKmsWithCloudHsmSettings_listsUnusedSettingsBeforeAnyCall() {
        try (KmsClient kms = unusedKms()) {
            KeyStoreBuilder b = KeyStoreBuilder.standardKms(kms).customKeyStoreName("x").kmsUserPassword(Secret.of("Passw0rd1"));
            assertThatThrownBy(b::provision).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("standardKms does not use customKeyStoreName, kmsUserPassword")
                    .hasMessageContaining("at least one key")
                    .hasMessageNotContaining("Passw0rd1");
        }
    }

    @Test
    void provision_deletionWindowOutOfRange_reported() {
        try (KmsClient kms = unusedKms()) {
            KeyStoreBuilder b = KeyStoreBuilder.standardKms(kms).addKey(k -> k.alias("alias/x")).keyDeletionWindowDays(3);
            assertThatThrownBy(b::teardown).isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("7-30, got 3");
        }
    }

    @Test
    void keyDefinition_toBuilder_copiesAndToStringShowsNoSecrets() {
        KeyDefinition d = KeyDefinition.of(k -> k.alias("alias/a").description("d").addTag("team", "x"));
        KeyDefinition e = d.toBuilder().alias("alias/b").build();
        assertThat(e.description()).isEqualTo("d");
        assertThat(e.tags()).containsEntry("team", "x");
        assertThat(e.alias()).isEqualTo("alias/b");
        assertThat(d.alias()).isEqualTo("alias/a");
    }

    @Test
    void keyDefinition_noAlias_failsAtBuildWithTheRule() {
        assertThatThrownBy(() -> KeyDefinition.of(k -> k.description("no alias")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("a key has no alias");
    }

    @Test
    void keyDefinition_optionalSettings_emptyUnlessSet() {
        KeyDefinition plain = KeyDefinition.of(k -> k.alias("alias/a"));
        assertThat(plain.origin()).isEmpty();
        assertThat(plain.rotationPeriodInDays()).isEmpty();
        KeyDefinition set = plain.toBuilder().origin(OriginType.AWS_KMS).rotationPeriodInDays(180).build();
        assertThat(set.origin()).contains(OriginType.AWS_KMS);
        assertThat(set.rotationPeriodInDays()).contains(180);
    }
}
