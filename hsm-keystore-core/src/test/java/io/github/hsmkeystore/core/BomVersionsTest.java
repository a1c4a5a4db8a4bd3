package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The BOM pins the BouncyCastle and AWS SDK versions the library is built with. */
class BomVersionsTest {
    private static String property(Path pom, String name) throws Exception {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(pom));
        assertThat(m.find()).as(name + " in " + pom).isTrue();
        return m.group(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws.sdk.version", "bouncycastle.version"})
    void bom_managesTheVersionsWeBuildWith(String property) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(property(root.resolve("hsm-keystore-bom/pom.xml"), property))
                .isEqualTo(property(root.resolve("pom.xml"), property));
        String bom = Files.readString(root.resolve("hsm-keystore-bom/pom.xml"));
        assertThat(bom).contains("<artifactId>bcprov-jdk18on</artifactId>", "<artifactId>bcpkix-jdk18on</artifactId>",
                "<artifactId>bcutil-jdk18on</artifactId>", "<groupId>software.amazon.awssdk</groupId>");
    }

    @Test
    void classpath_bouncyCastleHasTheFieldsTrustAnchorNeeds() {
        // absent from bcprov 1.78.1, which aws-cryptographic-material-providers 1.11.0 brings: NoSuchFieldError there
        assertThat(NISTObjectIdentifiers.id_ml_dsa_44).isNotNull();
    }
}
