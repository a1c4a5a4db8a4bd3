package io.github.hsmkeystore.local.internal.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.hsmkeystore.local.internal.AwsException;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** DynamoDB numbers (docs/dynamodb-storage.md, "Numbers"): 38 significant digits, 1E-130 .. 9.99..E+125, linear parsing. */
class ValuesNumberTest {
    private static void assertRefused(String text, String fragment) {
        assertThatThrownBy(() -> Values.number(text)).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.type()).isEqualTo("ValidationException");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains(fragment);
        });
    }

    @Test
    void number_leadingAndTrailingZeros_areTrimmed() {
        assertThat(Values.format(Values.number("0010.500"))).isEqualTo("10.5");
        assertThat(Values.format(Values.number("-0.000"))).isEqualTo("0");
        assertThat(Values.format(Values.number("1E+2"))).isEqualTo("100");
        assertThat(Values.format(Values.number("+.5e1"))).isEqualTo("5");
        assertThat(Values.format(Values.number("-12.3400e-2"))).isEqualTo("-0.1234");
        assertThat(Values.number("000000000000000000000000000000000000000000001.000000000000000000000000000000000000000"))
                .isEqualByComparingTo(BigDecimal.ONE);
    }

    @Test
    void number_limitsOfTheRange_areAccepted() {
        assertThat(Values.number("9.9999999999999999999999999999999999999E+125"))
                .isEqualByComparingTo("9.9999999999999999999999999999999999999E+125");
        assertThat(Values.number("-9.9999999999999999999999999999999999999E+125"))
                .isEqualByComparingTo("-9.9999999999999999999999999999999999999E+125");
        assertThat(Values.number("1E-130")).isEqualByComparingTo("1E-130");
        assertThat(Values.number("-1E-130")).isEqualByComparingTo("-1E-130");
        assertThat(Values.number("12345678901234567890123456789012345678")).isEqualByComparingTo("12345678901234567890123456789012345678");
    }

    @Test
    void number_outOfRange_isRefusedWithDynamoDbsMessages() {
        assertRefused("123456789012345678901234567890123456789", "Attempting to store more than 38 significant digits in a Number");
        assertRefused("1.00000000000000000000000000000000000001", "Attempting to store more than 38 significant digits in a Number");
        assertRefused("1E+126", "Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertRefused("-10E+125", "Number overflow");
        assertRefused("1E-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        assertRefused("0.1E-130", "Number underflow");
        assertRefused("1E99999999999999999999999", "Number overflow");
        assertRefused("1E-99999999999999999999999", "Number underflow");
    }

    @Test
    void number_malformed_isRefused() {
        for (String text : new String[] {"", "-", ".", "1e", "1e+", "12abc", "NaN", "Infinity", "0x10", "1..2", "1 2", "--1", "e5"}) {
            assertRefused(text, "A value provided cannot be converted into a number");
        }
    }

    @Test
    void number_hugeInputs_areAnsweredInLinearTime() {
        String oneAndZeros = "1" + "0".repeat(1_000_000);
        String zerosAndOne = "0." + "0".repeat(1_000_000) + "1";
        String manyDigits = "7".repeat(1_000_000);
        String zeros = "0".repeat(1_000_000) + "." + "0".repeat(1_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertRefused(oneAndZeros, "Number overflow");
            assertRefused(zerosAndOne, "Number underflow");
            assertRefused(manyDigits, "38 significant digits");
            assertThat(Values.number(zeros)).isEqualByComparingTo(BigDecimal.ZERO);
            assertThat(Values.number("1" + "0".repeat(125))).isEqualByComparingTo("1E+125");
        });
    }

    @Test
    void checkNumber_computedResults_areHeldToTheSameLimits() {
        assertThat(Values.checkNumber(new BigDecimal("9.9999999999999999999999999999999999999E+125")))
                .isEqualByComparingTo("9.9999999999999999999999999999999999999E+125");
        assertThat(Values.checkNumber(new BigDecimal("100.000"))).isEqualByComparingTo("100");
        assertThatThrownBy(() -> Values.checkNumber(new BigDecimal("9.9999999999999999999999999999999999999E+125")
                .add(new BigDecimal("1E+125")))).hasMessageContaining("Number overflow");
        assertThatThrownBy(() -> Values.checkNumber(new BigDecimal("1E-130").divide(BigDecimal.TEN)))
                .hasMessageContaining("Number underflow");
        assertThatThrownBy(() -> Values.checkNumber(new BigDecimal("12345678901234567890123456789012345678").add(new BigDecimal("0.5"))))
                .hasMessageContaining("38 significant digits");
    }

    @Test
    void compare_keysOfEachType_followDynamoDbsOrder() {
        ItemKey.Part n9 = ItemKey.Part.of(Values.n(new BigDecimal("9")));
        ItemKey.Part n10 = ItemKey.Part.of(Values.n(new BigDecimal("10")));
        ItemKey.Part nMinus = ItemKey.Part.of(Values.n(new BigDecimal("-100")));
        assertThat(nMinus).isLessThan(n9);
        assertThat(n9).isLessThan(n10); // as text "10" < "9"
        ItemKey.Part upperZ = ItemKey.Part.of(Values.s("Z"));
        ItemKey.Part lowerA = ItemKey.Part.of(Values.s("a"));
        ItemKey.Part eAcute = ItemKey.Part.of(Values.s("\u00e9"));
        ItemKey.Part emoji = ItemKey.Part.of(Values.s("\uD83D\uDE00"));
        ItemKey.Part privateUse = ItemKey.Part.of(Values.s("\uFFFD"));
        assertThat(upperZ).isLessThan(lowerA);
        assertThat(lowerA).isLessThan(eAcute);
        // UTF-8 bytes, not UTF-16 code units: U+1F600 (F0 ...) sorts after U+FFFD (EF BF BD); String.compareTo says the opposite
        assertThat(privateUse).isLessThan(emoji);
        assertThat("\uD83D\uDE00".compareTo("\uFFFD")).isNegative();
        ItemKey.Part b7f = ItemKey.Part.of(io.github.hsmkeystore.local.internal.Json.object().put("B", "fw=="));
        ItemKey.Part b80 = ItemKey.Part.of(io.github.hsmkeystore.local.internal.Json.object().put("B", "gA=="));
        assertThat(b7f).isLessThan(b80); // unsigned: 0x7F < 0x80
    }
}
