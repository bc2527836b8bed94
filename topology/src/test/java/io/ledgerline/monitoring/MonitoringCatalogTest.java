package io.ledgerline.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the dashboard are well formed and name metrics; {@code DemoIT} checks against a live scrape that
 * every one of them is exported.
 */
class MonitoringCatalogTest {

    @Test
    void rulesAndDashboardNameMetrics() {
        assertThat(MonitoringCatalog.ruleExpressions()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(MonitoringCatalog.metricNames(MonitoringCatalog.ruleExpressions()))
                .contains("kafka_consumergroup_group_max_lag_seconds", "ledgerline_workflow_alerts_open");
        assertThat(MonitoringCatalog.dashboardExpressions()).hasSizeGreaterThanOrEqualTo(15);
        // label values are not metric names
        assertThat(MonitoringCatalog.metricNames(List.of("sum(ledgerline_x_total{group=~\"ledgerline_demo\"})")))
                .containsExactly("ledgerline_x_total");
    }

    @Test
    void promtoolAcceptsTheRules() throws IOException, InterruptedException {
        Path promtool = Path.of("/usr/bin/promtool");
        assumeTrue(Files.isExecutable(promtool), "promtool is not installed (Debian package prometheus): skipping its check");
        Process check = new ProcessBuilder(promtool.toString(), "check", "rules", MonitoringCatalog.RULES.toString())
                .redirectErrorStream(true).start();
        boolean ended = check.waitFor(60, TimeUnit.SECONDS);
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ended).as("promtool finished").isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }
}
