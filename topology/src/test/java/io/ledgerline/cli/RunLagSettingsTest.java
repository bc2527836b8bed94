package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerline.lag.LagMonitorSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunLagSettingsTest {

    private static RunSettings settings(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("KAFKA_APPLICATION_ID", "ledgerline.prod"));
        all.putAll(env);
        return RunSettings.load(null, all);
    }

    @Test
    void watchesThePipelinesOwnGroupByDefault() {
        LagMonitorSettings lag = RunCommand.lagMonitorSettings(settings(Map.of()));

        assertThat(lag.watches("ledgerline.prod")).isTrue();
        assertThat(lag.watches("ledgerlineXprod")).isFalse();
        assertThat(lag.watches("connect-erp-sink")).isFalse();
    }

    @Test
    void ledgerlineLagSettingsFromTheEnvironment() {
        LagMonitorSettings lag = RunCommand.lagMonitorSettings(settings(Map.of(
                "LEDGERLINE_LAG_GROUPS", "ledgerline\\.prod|connect-.*",
                "LEDGERLINE_LAG_INTERVAL", "10s",
                "LEDGERLINE_LAG_THRESHOLD_SECONDS", "120",
                "LEDGERLINE_LAG_GROUP_THRESHOLD", "connect-.*=900")));

        assertThat(lag.watches("connect-erp-sink")).isTrue();
        assertThat(lag.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(lag.thresholds().secondsFor("ledgerline.prod")).isEqualTo(120);
        assertThat(lag.thresholds().secondsFor("connect-erp-sink")).isEqualTo(900);
    }

    @Test
    void canBeTurnedOffAndNamesTheSettingToFix() {
        assertThat(RunCommand.lagMonitorSettings(settings(Map.of("LEDGERLINE_LAG_ENABLED", "false")))).isNull();
        assertThatThrownBy(() -> RunCommand.lagMonitorSettings(settings(Map.of("LEDGERLINE_LAG_INTERVAL", "often"))))
                .hasMessageContaining("ledgerline.lag.interval");
    }
}
