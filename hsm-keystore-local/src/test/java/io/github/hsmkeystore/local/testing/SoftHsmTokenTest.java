package io.github.hsmkeystore.local.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SoftHsmTokenTest {
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
        assertThat(SoftHsmToken.slotListIndex(SHOW_SLOTS, "test-ab12")).isEqualTo(1);
        assertThat(SoftHsmToken.slotListIndex(SHOW_SLOTS, "B")).isZero();
    }

    @Test
    void slotListIndex_unknownLabel_throws() {
        assertThatThrownBy(() -> SoftHsmToken.slotListIndex(SHOW_SLOTS, "test"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no token labelled test");
    }
}
