package io.ledgerline.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LagMonitorSettingsTest {

    private static LagMonitorSettings parse(Map<String, String> values) {
        return LagMonitorSettings.parse(values, "ledgerline-demo", key -> "--" + key.replace('.', '-'));
    }

    @Test
    void defaultsWatchTheGivenGroupsEveryThirtySeconds() {
        LagMonitorSettings settings = parse(Map.of());

        assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.thresholds().secondsFor("ledgerline-demo")).isEqualTo(300);
        assertThat(settings.watches("ledgerline-demo")).isTrue();
        assertThat(settings.watches("ledgerline-demo-2")).isFalse();
        assertThat(settings.alertsTopic()).isEqualTo("q2c.alerts.lag");
    }

    @Test
    void allowAndDenyRegexesWithPerGroupThresholds() {
        LagMonitorSettings settings = parse(Map.of("groups", ".*", "exclude", "connect-.*|_.*", "interval", "500ms",
                "threshold.seconds", "60", "group.threshold", "analysts-.*=3600; connect-.*=600", "window", "5"));

        assertThat(settings.watches("ledgerline")).isTrue();
        assertThat(settings.watches("connect-sink")).isFalse();
        assertThat(settings.interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.thresholds().secondsFor("analysts-bi")).isEqualTo(3600);
        assertThat(settings.thresholds().secondsFor("ledgerline")).isEqualTo(60);
        assertThat(settings.window()).isEqualTo(5);
    }

    @Test
    void aConfigurationErrorSaysWhichSettingToFix() {
        assertThatThrownBy(() -> parse(Map.of("groups", "orders-(")))
                .hasMessageContaining("--groups").hasMessageContaining("not a valid regex");
        assertThatThrownBy(() -> parse(Map.of("interval", "soon")))
                .hasMessageContaining("--interval").hasMessageContaining("30s");
        assertThatThrownBy(() -> parse(Map.of("threshold.seconds", "0")))
                .hasMessageContaining("--threshold-seconds").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> parse(Map.of("group.threshold", "analysts")))
                .hasMessageContaining("--group-threshold").hasMessageContaining("GROUP_REGEX=SECONDS");
        assertThatThrownBy(() -> parse(Map.of("window", "1")))
                .hasMessageContaining("--window");
    }

    @Test
    void durationsInTheUsualForms() {
        assertThat(LagMonitorSettings.duration("2m", "x")).isEqualTo(Duration.ofMinutes(2));
        assertThat(LagMonitorSettings.duration("15", "x")).isEqualTo(Duration.ofSeconds(15));
        assertThat(LagMonitorSettings.duration("PT1H", "x")).isEqualTo(Duration.ofHours(1));
    }
}
