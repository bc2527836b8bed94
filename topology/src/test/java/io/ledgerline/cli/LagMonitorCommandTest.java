package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LagMonitorCommandTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new LedgerlineCli());
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aConfigurationErrorFailsAtStartNamingTheOptionToFix() {
        assertThat(run("lag-monitor", "--bootstrap-servers", "localhost:1", "--schema-registry-url", "mock://x",
                "--groups", "orders-(")).isEqualTo(LedgerlineCli.EXIT_USAGE);
        assertThat(err.toString()).contains("lag-monitor: --groups: 'orders-(' is not a valid regex");

        assertThat(run("lag-monitor", "--bootstrap-servers", "localhost:1", "--schema-registry-url", "mock://x",
                "--group-threshold", "analysts-.*=soon")).isEqualTo(LedgerlineCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--group-threshold: 'analysts-.*=soon'");
    }

    @Test
    void theClusterAndRegistryAreRequired() {
        assertThat(run("lag-monitor")).isEqualTo(LedgerlineCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--bootstrap-servers").contains("--schema-registry-url");
    }
}
