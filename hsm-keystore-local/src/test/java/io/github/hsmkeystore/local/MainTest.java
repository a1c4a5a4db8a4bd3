package io.github.hsmkeystore.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The standalone jar's command line, without starting it. */
class MainTest {
    @Test
    void parse_noHsmFlags_leavesTheModelOff() {
        assertThat(Main.parse(new String[] {"--port", "0"}).networkModel()).isNull();
    }

    @Test
    void parse_roundTripAndJitter_setsTheModel() {
        LocalHsmKeyStore.Builder builder = Main.parse(new String[] {"--hsm-round-trip-ms", "2.5", "--hsm-jitter-ms", "1"});

        assertThat(builder.networkModel().roundTrip()).isEqualTo(Duration.ofNanos(2_500_000));
        assertThat(builder.networkModel().jitter()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void parse_roundTripOnly_hasNoJitter() {
        assertThat(Main.parse(new String[] {"--hsm-round-trip-ms", "3"}).networkModel().jitter()).isZero();
    }

    @Test
    void parse_jitterWithoutRoundTrip_saysWhatIsMissing() {
        assertThatThrownBy(() -> Main.parse(new String[] {"--hsm-jitter-ms", "1"})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--hsm-jitter-ms needs --hsm-round-trip-ms");
    }

    @Test
    void parse_jitterOverRoundTrip_failsWithTheLimit() {
        assertThatThrownBy(() -> Main.parse(new String[] {"--hsm-round-trip-ms", "1", "--hsm-jitter-ms", "2"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use a jitter of at most 1 ms");
    }

    @Test
    void parse_negativeOrHugeRoundTrip_fails() {
        assertThatThrownBy(() -> Main.parse(new String[] {"--hsm-round-trip-ms", "-1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("roundTrip must not be negative");
        assertThatThrownBy(() -> Main.parse(new String[] {"--hsm-round-trip-ms", "20000"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("over the maximum of 10000 ms");
    }

    @Test
    void parse_notANumber_namesTheOption() {
        assertThatThrownBy(() -> Main.parse(new String[] {"--hsm-round-trip-ms", "fast"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--hsm-round-trip-ms takes milliseconds, e.g. 2 or 0.5; got fast");
    }

    @Test
    void parse_allowOriginNotAnOrigin_failsNamingTheForm() {
        assertThatThrownBy(() -> Main.parse(new String[] {"--allow-origin", "localhost:3000"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("origins such as http://localhost:3000");
        assertThatThrownBy(() -> Main.parse(new String[] {"--allow-host", "http://hsm-local"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host names without port or scheme");
    }

    @Test
    void parse_help_returnsNull() {
        assertThat(Main.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void parse_maxConnections_setOrRejectedWithTheFix() {
        assertThat(Main.parse(new String[] {"--max-connections", "8"}).maxConnections()).isEqualTo(8);
        assertThat(Main.parse(new String[] {"--port", "0"}).maxConnections()).isEqualTo(256);
        assertThatThrownBy(() -> Main.parse(new String[] {"--max-connections", "0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConnections must be at least 1, got 0");
    }

    @Test
    void parse_ttlDeletionDelay_setOrRejected() {
        assertThat(Main.parse(new String[] {"--ttl-deletion-delay-s", "60"}).ttlDeletionDelay()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(Main.parse(new String[] {"--port", "0"}).ttlDeletionDelay()).isEqualTo(java.time.Duration.ofHours(48));
        assertThatThrownBy(() -> Main.parse(new String[] {"--ttl-deletion-delay-s", "-1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttlDeletionDelay must not be negative");
    }

    @Test
    void parse_dashH_returnsNull() {
        assertThat(Main.parse(new String[] {"--port", "0", "-h"})).isNull();
    }

    @Test
    void parse_portNotANumber_namesOptionValueAndType() {
        assertThatThrownBy(() -> Main.parse(new String[] {"--port", "abc"})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--port").hasMessageContaining("'abc'").hasMessageContaining("is not an int");
    }

    @Test
    void parse_portOutOfRange_namesOptionValueAndRange() {
        assertThatThrownBy(() -> Main.parse(new String[] {"--port", "70000"})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--port 70000: port must be 0..65535, got 70000");
    }

    @Test
    void parse_optionWithoutValue_saysWhatIsMissing() {
        assertThatThrownBy(() -> Main.parse(new String[] {"--region"})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Missing required parameter for option '--region'");
    }

    @Test
    void parse_unknownOptionOrArgument_namesIt() {
        assertThatThrownBy(() -> Main.parse(new String[] {"--max-conections", "8"})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown options: '--max-conections'").hasMessageContaining("did you mean --max-connections?");
    }

    @Test
    void parse_repeatedOption_lastOneWins() {
        assertThat(Main.parse(new String[] {"--max-connections", "1", "--max-connections", "8"}).maxConnections()).isEqualTo(8);
    }

    @Test
    void usage_listsEveryOption() {
        assertThat(Main.usage()).contains("java -jar hsm-keystore-local.jar", "--port", "--region", "--account-id",
                "--transition-delay-ms", "--ttl-deletion-delay-s", "--max-connections", "--allow-host", "--allow-origin",
                "--pkcs11-library", "--pkcs11-slot", "--pkcs11-pin-env", "--hsm-round-trip-ms", "--hsm-jitter-ms", "--help");
    }

    @Test
    void usage_transitionDelayDefault_isTheEmulatorsDefault() {
        assertThat(Main.usage()).contains("transitional states (default: "
                + LocalHsmKeyStore.DEFAULT_TRANSITION_DELAY.toMillis() + ")");
    }
}
