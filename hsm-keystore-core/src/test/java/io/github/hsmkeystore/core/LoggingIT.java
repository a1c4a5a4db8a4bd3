package io.github.hsmkeystore.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hsmkeystore.local.LocalHsmKeyStore;
import io.github.hsmkeystore.local.LocalHsmKeyStoreExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudhsmv2.CloudHsmV2Client;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Captures every log line (slf4j-simple writes to the current System.err, at DEBUG for io.github.hsmkeystore) and every
 * event and exception message of a full provision and teardown, and looks for passwords and private key material.
 */
class LoggingIT {
    @RegisterExtension
    static final LocalHsmKeyStoreExtension local = LocalHsmKeyStoreExtension.create();

    @TempDir
    Path dir;

    @Test
    void provisionAndTeardown_allLogOutput_containsNoPasswordOrKeyMaterial(LocalHsmKeyStore emulator, CloudHsmV2Client hsm,
                                                                          KmsClient kms) throws Exception {
        String name = Fixtures.uniqueName("logs");
        List<String> events = new ArrayList<>();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        LoggerFactory.getLogger(LoggingIT.class).info("logging initialised before capture");
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            KeyStoreBuilder b = Fixtures.builder(emulator, hsm, kms, dir, name).listener(e -> events.add(e.toString()));
            ProvisionedKeyStore store = b.provision();
            events.add(store.toString());
            events.add(b.plan().toString());
            events.add(b.health().toString());
            events.add(b.teardown().toString());
            emulator.advanceClock(Duration.ofDays(8));
            events.add(b.teardown().toString());
        } finally {
            System.setErr(original);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        String all = logs + "\n" + String.join("\n", events);

        assertThat(logs).as("the capture really holds the DEBUG log lines").contains("AWS call CreateCustomKeyStore", "CONNECTED");
        assertThat(all).doesNotContain(Fixtures.KMSUSER_PASSWORD).doesNotContain(Fixtures.ADMIN_PASSWORD)
                .doesNotContain("PRIVATE KEY");
        String keyPem = Files.readString(dir.resolve(TrustAnchor.PRIVATE_KEY_FILE));
        keyPem.lines().filter(l -> !l.startsWith("-----")).forEach(line -> assertThat(all).doesNotContain(line));
    }
}
