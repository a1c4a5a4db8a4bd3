package io.github.hsmkeystore.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.core.TrustAnchor;
import io.github.hsmkeystore.local.LocalHsmKeyStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kms.KmsClient;

/** The extension's state is in the ExtensionContext.Store: one emulator per class, shared with @Nested, closed at the end. */
@ExtendWith(HsmKeyStoreExtension.class)
class HsmKeyStoreExtensionIT {
    static final Map<String, LocalHsmKeyStore> seen = new ConcurrentHashMap<>();

    @BeforeAll
    static void outer(LocalHsmKeyStore local) {
        seen.put("beforeAll", local);
    }

    @AfterAll
    static void closedAfterTheClass() {
        // the emulator is closed with the class context, after @AfterAll: it still answers here
        assertThat(seen.get("beforeAll").kmsClient().listKeys().keys()).isNotNull();
    }

    @Test
    void test_getsTheClassEmulatorAndItsClients(LocalHsmKeyStore local, KmsClient kms) {
        assertThat(local).isSameAs(seen.get("beforeAll"));
        assertThat(kms).isSameAs(local.kmsClient());
        kms.createKey(r -> r.description("outer"));
    }

    static final Map<String, TrustAnchor> anchors = new ConcurrentHashMap<>();

    @Test
    void trustAnchor_injected_canSignAndIsOneForTheRun(TrustAnchor anchor) {
        assertThat(anchor.canSign()).isTrue();
        assertThat(anchor.problems()).isEmpty();
        assertThat(anchor.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
        TrustAnchor first = anchors.putIfAbsent("run", anchor);
        assertThat(first == null || first == anchor).as("the same trust anchor in every test of the run").isTrue();
    }

    @Nested
    class Inner {
        @Test
        void nested_sharesTheEnclosingClassEmulator(LocalHsmKeyStore local, LocalEmulatorActivation activation) {
            assertThat(local).isSameAs(seen.get("beforeAll"));
            assertThat(activation.toString()).contains(local.endpoint().toString());
        }

        @Test
        void nested_getsTheRunsTrustAnchor(TrustAnchor anchor) {
            TrustAnchor first = anchors.putIfAbsent("run", anchor);
            assertThat(first == null || first == anchor).as("the same trust anchor in every test of the run").isTrue();
        }
    }
}
