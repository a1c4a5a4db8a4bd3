package io.github.hsmkeystore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.core.ClusterSpec;
import io.github.hsmkeystore.core.KeyDefinition;
import io.github.hsmkeystore.core.Secret;
import io.github.hsmkeystore.core.TrustAnchor;
import io.github.hsmkeystore.core.WaitPolicy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.OriginType;

class ConfigValidatorTest {
    static TrustAnchor anchor;

    @BeforeAll
    static void anchor(@TempDir Path dir) {
        anchor = TrustAnchor.generate(dir);
        anchor.certificatePem(); // made before the @TempDir is deleted
    }

    static Settings cloudHsm(ClusterSpec cluster, TrustAnchor anchor, Secret password, List<KeyDefinition> keys) {
        return new Settings(true, null, null, cluster, null, anchor, r -> { }, "store-1", password,
                WaitPolicy.defaults(), e -> { }, keys, 7, Poller::system);
    }

    static ClusterSpec twoSubnets() {
        return ClusterSpec.builder().subnetIds("subnet-0a1b2c3d", "subnet-4e5f6a7b").build();
    }

    @Test
    void problems_validCloudHsmSettings_none() {
        assertThat(ConfigValidator.problems(cloudHsm(twoSubnets(), anchor, Secret.of("Passw0rd1"),
                List.of(KeyDefinition.of(k -> k.alias("alias/orders")))))).isEmpty();
    }

    @Test
    void problems_everythingMissing_listedInOneEntry() {
        Settings s = new Settings(true, null, null, null, null, null, null, null, null, WaitPolicy.defaults(),
                e -> { }, List.of(), 7, Poller::system);
        assertThat(ConfigValidator.problems(s)).containsExactly(
                "KeyStoreBuilder is missing customKeyStoreName, newCluster or existingCluster, trustAnchor, activation, kmsUserPassword");
    }

    @Test
    void keyProblems_cloudHsmStoreForbiddenKinds_eachReported() {
        KeyDefinition k = KeyDefinition.of(b -> b.alias("alias/x").keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY)
                .multiRegion(true).origin(OriginType.EXTERNAL).rotation(true));
        assertThat(String.join("\n", ConfigValidator.keyProblems(k, true)))
                .contains("keySpec RSA_2048", "keyUsage SIGN_VERIFY", "multi-Region", "origin EXTERNAL", "rotation");
        assertThat(ConfigValidator.keyProblems(k, true)).hasSize(5);
    }

    @Test
    void clusterProblems_hsm1Medium_refusedWithTheReplacement() {
        List<String> problems = new java.util.ArrayList<>();
        ConfigValidator.clusterProblems(ClusterSpec.builder().hsmType("hsm1.medium")
                .subnetIds("subnet-0a1b2c3d", "subnet-4e5f6a7b").build(), problems);
        assertThat(problems).singleElement().asString().contains("hsm1.medium", "no longer available", "use hsm2m.medium");
    }

    @Test
    void keyProblems_hmacInCloudHsmStore_reported() {
        KeyDefinition k = KeyDefinition.of(b -> b.alias("alias/x").keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC));
        assertThat(ConfigValidator.keyProblems(k, true)).anySatisfy(p -> assertThat(p).contains("HMAC_256"));
    }

    @Test
    void keyProblems_standardRotationSymmetric_none() {
        assertThat(ConfigValidator.keyProblems(KeyDefinition.of(b -> b.alias("alias/x").rotationPeriodInDays(180)), false)).isEmpty();
        assertThat(ConfigValidator.keyProblems(KeyDefinition.of(b -> b.alias("alias/x").rotationPeriodInDays(30)), false))
                .singleElement().asString().contains("90-2560");
    }

    @Test
    void aliasProblems_rules() {
        assertThat(ConfigValidator.aliasProblems("alias/orders-1_a/b")).isEmpty();
        assertThat(ConfigValidator.aliasProblems("orders")).singleElement().asString().contains("must start with the prefix alias/");
        assertThat(ConfigValidator.aliasProblems("alias/aws/orders")).singleElement().asString().contains("reserved");
        assertThat(ConfigValidator.aliasProblems("alias/a:b")).singleElement().asString().contains("only letters");
        assertThat(ConfigValidator.aliasProblems("alias/" + "a".repeat(251))).singleElement().asString().contains("at most 256");
        assertThat(ConfigValidator.aliasProblems("alias/" + "a".repeat(250))).isEmpty();
    }

    @Test
    void passwordProblems_rules() {
        assertThat(ConfigValidator.passwordProblems(Secret.of("abc123"))).singleElement().asString().contains("7-32");
        assertThat(ConfigValidator.passwordProblems(Secret.of("a".repeat(33)))).singleElement().asString().contains("7-32");
        assertThat(ConfigValidator.passwordProblems(Secret.of("abc-1234"))).singleElement().asString().contains("letters and digits");
        assertThat(ConfigValidator.passwordProblems(Secret.of("Abc12345"))).isEmpty();
        assertThat(String.join(" ", ConfigValidator.passwordProblems(Secret.of("ab-1")))).doesNotContain("ab-1");
    }

    @Test
    void clusterProblems_oneSubnet_needsTwoZones() {
        assertThat(ConfigValidator.problems(cloudHsm(ClusterSpec.builder().subnetIds("subnet-0a1b2c3d").build(), anchor,
                Secret.of("Passw0rd1"), List.of()))).singleElement().asString().contains("at least 2 Availability Zones");
    }

    @Test
    void clusterProblems_knownZonesSame_reported() {
        ClusterSpec c = ClusterSpec.builder().addSubnet("subnet-0a1b2c3d", "us-east-1a").addSubnet("subnet-4e5f6a7b", "us-east-1a").build();
        assertThat(ConfigValidator.problems(cloudHsm(c, anchor, Secret.of("Passw0rd1"), List.of())))
                .anySatisfy(p -> assertThat(p).contains("one subnet per Availability Zone"))
                .anySatisfy(p -> assertThat(p).contains("cover 1 Availability Zone"));
    }

    @Test
    void clusterProblems_badValues_allReported() {
        ClusterSpec c = ClusterSpec.builder().hsmType("hsm9.huge").subnetIds("subnet-XYZ", "subnet-XYZ").hsmCount(1).build();
        List<String> p = ConfigValidator.problems(cloudHsm(c, anchor, Secret.of("Passw0rd1"), List.of()));
        assertThat(String.join("\n", p)).contains("hsmType", "not a subnet id", "listed twice", "hsmCount must be 2-28");
    }

    @Test
    void problems_badPemAndPasswordAndAlias_allInOneList() {
        Settings s = cloudHsm(twoSubnets(), TrustAnchor.ofCertificate("garbage"), Secret.of("short"),
                List.of(KeyDefinition.of(k -> k.alias("alias/aws/x"))));
        List<String> p = ConfigValidator.problems(s);
        assertThat(String.join("\n", p)).contains("not a parseable PEM", "no private key", "7-32", "alias/aws/");
    }
}
