package io.github.hsmkeystore.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SoftHsm2Token}'s parsing and configuration file without running softhsm2-util, and (skipped without SoftHSM2)
 * the JVM's shared token.
 */
class SoftHsm2TokenTest {
    private static final String SHOW_SLOTS = """
            Available slots:
            Slot 529107781
                Slot info:
                    Description:      SoftHSM slot ID 0x1f89f145
                Token info:
                    Initialized:      yes
                    Label:            B                               
            Slot 556037610
                Token info:
                    Initialized:      yes
                    Label:            test-ab12                       
            Slot 2
                Token info:
                    Initialized:      no
                    Label:                                            
            """;

    @Test
    void slotListIndex_showSlotsOutput_isPositionOfLabelledSlot() {
        assertThat(SoftHsm2Token.slotListIndex(SHOW_SLOTS, "test-ab12")).isEqualTo(1);
        assertThat(SoftHsm2Token.slotListIndex(SHOW_SLOTS, "B")).isZero();
    }

    @Test
    void slotListIndex_unknownLabel_throws() {
        assertThatThrownBy(() -> SoftHsm2Token.slotListIndex(SHOW_SLOTS, "test"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no token labelled test");
    }

    @Test
    void writeConfIfAbsent_newFile_writesMarkerAndTokenDirOnceOnly(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("softhsm2.conf");

        Path tokens = SoftHsm2Token.writeConfIfAbsent(conf);
        String first = Files.readString(conf);
        SoftHsm2Token.writeConfIfAbsent(conf);

        assertThat(tokens).isEqualTo(dir.resolve("tokens")).isDirectory();
        assertThat(first).startsWith(SoftHsm2Token.MARKER).contains("directories.tokendir = " + dir.resolve("tokens"));
        assertThat(Files.readString(conf)).isEqualTo(first);
    }

    @Test
    void writeConfIfAbsent_someoneElsesFile_refusesAndLeavesIt(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("softhsm2.conf");
        Files.writeString(conf, "directories.tokendir = /var/lib/softhsm/tokens\n");

        assertThatThrownBy(() -> SoftHsm2Token.writeConfIfAbsent(conf))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not write");
        assertThat(Files.readString(conf)).isEqualTo("directories.tokendir = /var/lib/softhsm/tokens\n");
    }

    @Test
    void unavailableReason_noConfVariable_saysItMustBeSetBeforeTheJvmStarts() {
        if (SoftHsm2Token.library().isEmpty()) {
            assertThat(SoftHsm2Token.unavailableReason(Map.of())).get().asString().contains("no libsofthsm2.so");
        } else {
            assertThat(SoftHsm2Token.unavailableReason(Map.of())).get().asString()
                    .contains("SOFTHSM2_CONF is not set").contains("before the JVM starts");
        }
    }

    @Test
    void unavailableReason_foreignConf_refuses(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("softhsm2.conf");
        Files.writeString(conf, "directories.tokendir = /var/lib/softhsm/tokens\n");
        Assumptions.assumeTrue(SoftHsm2Token.library().isPresent(), "SoftHSM2 not installed");

        assertThat(SoftHsm2Token.unavailableReason(Map.of("SOFTHSM2_CONF", conf.toString()))).get().asString()
                .contains("did not write");
    }

    @Test
    void assumeAvailable_calledTwice_sameTokenWithLabelAndNoPinInToString() {
        SoftHsm2Token first = SoftHsm2Token.assumeAvailable();

        SoftHsm2Token second = SoftHsm2Token.assumeAvailable();

        assertThat(second).isSameAs(first);
        assertThat(first.label()).startsWith("test-");
        assertThat(first.token().library()).isEqualTo(SoftHsm2Token.library().orElseThrow());
        String pin = new String(first.token().userPin());
        assertThat(pin).hasSize(12);
        assertThat(first.toString()).contains(first.label()).contains("userPin=***").doesNotContain(pin);
    }
}
