package io.ledgerline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.cli.LedgerlineCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * Two demos on one machine: when the default ports are taken (here by a plain socket standing in for another
 * program), each demo listens on free ports and says so, each in its own fresh data directory, and both drain to a
 * balanced ledger; a port the user asked for that is taken fails naming the flag.
 */
class SideBySideDemoIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(300)
    void twoDemosComeUpBesideAProgramHoldingTheirPorts() throws Exception {
        try (ServerSocket httpTaken = occupy(); ServerSocket registryTaken = occupy()) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<String> first = new CopyOnWriteArrayList<>();
            List<String> second = new CopyOnWriteArrayList<>();
            DemoStack a = stack(httpTaken.getLocalPort(), registryTaken.getLocalPort(), first);
            DemoStack b = stack(httpTaken.getLocalPort(), registryTaken.getLocalPort(), second);
            try {
                Future<LedgerReport> reportA = pool.submit(() -> a.start().awaitDrained());
                Future<LedgerReport> reportB = pool.submit(() -> b.start().awaitDrained());
                for (Future<LedgerReport> report : List.of(reportA, reportB)) {
                    assertThat(report.get().trialBalance().balanced()).isTrue();
                    assertThat(report.get().openExceptions()).isEmpty();
                }
                for (DemoStack stack : List.of(a, b)) {
                    assertThat(stack.apiUrl()).doesNotEndWith(":" + httpTaken.getLocalPort());
                    assertThat(stack.registryUrl()).doesNotEndWith(":" + registryTaken.getLocalPort());
                    assertThat(status(stack.apiUrl() + "/health/ready")).isEqualTo(200);
                    assertThat(status(stack.registryUrl() + "/subjects")).isEqualTo(200);
                }
                assertThat(a.apiUrl()).isNotEqualTo(b.apiUrl());
                for (List<String> progress : List.of(first, second)) {
                    assertThat(progress).anyMatch(line -> line.contains("Port " + httpTaken.getLocalPort()
                            + " is taken: the HTTP API listens on a free port instead (choose one with --http-port)"));
                    assertThat(progress).anyMatch(line -> line.contains("Port " + registryTaken.getLocalPort()
                            + " is taken: the schema registry listens on a free port instead"));
                }
            } finally {
                a.close();
                b.close();
                pool.shutdownNow();
            }
        }
    }

    @Test
    @Timeout(120)
    void aTakenPortTheUserChoseFailsNamingTheFlag() throws IOException {
        try (ServerSocket taken = occupy()) {
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new LedgerlineCli()).setOut(new PrintWriter(new StringWriter()))
                    .setErr(new PrintWriter(err, true));
            int exit = cli.execute("demo", "--exit-when-drained", "--timeout", "60s", "--http-port", "0",
                    "--registry-port", String.valueOf(taken.getLocalPort()));
            assertThat(exit).isEqualTo(LedgerlineCli.EXIT_USAGE);
            assertThat(err.toString()).contains("The schema registry cannot listen on port " + taken.getLocalPort()
                    + ": it is taken. Choose another with --registry-port");
        }
    }

    private static DemoStack stack(int httpPort, int registryPort, List<String> progress) {
        return new DemoStack(new DemoStack.Options(null, null, httpPort, registryPort, 2, Duration.ofSeconds(240),
                null, true, true), progress::add);
    }

    private static ServerSocket occupy() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    }

    private int status(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
