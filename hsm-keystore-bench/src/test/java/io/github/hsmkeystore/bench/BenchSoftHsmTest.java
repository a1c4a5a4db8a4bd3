package io.github.hsmkeystore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchSoftHsmTest {
    private static final String SHOW_SLOTS = """
            Available slots:
            Slot 1283469284
                Slot info:
                    Token present:    yes
                Token info:
                    Label:            bench-aaaa
            Slot 93221
                Token info:
                    Label:            bench-bbbb
            Slot 2
                Token info:
                    Initialized:      no
            """;

    @Test
    void slotListIndex_labelOfSecondSlot_isOne() {
        assertThat(BenchSoftHsm.slotListIndex(SHOW_SLOTS, "bench-bbbb")).isEqualTo(1);
        assertThat(BenchSoftHsm.slotListIndex(SHOW_SLOTS, "bench-aaaa")).isEqualTo(0);
    }

    @Test
    void slotListIndex_unknownLabel_failsNamingIt() {
        assertThatThrownBy(() -> BenchSoftHsm.slotListIndex(SHOW_SLOTS, "bench-cccc"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no token labelled bench-cccc");
    }

    @Test
    void writeConfIfAbsent_newFile_writesMarkerAndTokenDirOnceOnly(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("softhsm2.conf");

        BenchSoftHsm.writeConfIfAbsent(conf);
        String first = Files.readString(conf);
        BenchSoftHsm.writeConfIfAbsent(conf);

        assertThat(first).startsWith(BenchSoftHsm.MARKER).contains("directories.tokendir = " + dir.resolve("tokens"));
        assertThat(dir.resolve("tokens")).isDirectory();
        assertThat(Files.readString(conf)).isEqualTo(first);
    }

    @Test
    void writeConfIfAbsent_someoneElsesFile_refusesAndLeavesIt(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("softhsm2.conf");
        Files.writeString(conf, "directories.tokendir = /var/lib/softhsm/tokens\n");

        assertThatThrownBy(() -> BenchSoftHsm.writeConfIfAbsent(conf))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not write");
        assertThat(Files.readString(conf)).isEqualTo("directories.tokendir = /var/lib/softhsm/tokens\n");
    }
}
