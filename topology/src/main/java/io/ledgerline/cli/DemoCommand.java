package io.ledgerline.cli;

import io.ledgerline.demo.BundledExports;
import java.nio.file.Files;

import io.ledgerline.demo.DemoStack;
import io.ledgerline.http.ApiToken;
import io.ledgerline.demo.LedgerReport;
import io.ledgerline.demo.SummaryPrinter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: the whole system in one JVM over bundled (or given) export files; Ctrl-C stops it. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a Kafka broker, a schema registry, a Kafka Connect worker replaying export files, the pipeline "
                    + "and its HTTP API in this JVM; prints a summary once the input is drained. Ctrl-C stops it."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", paramLabel = "DIR",
            description = "Directory with export files to replay (default: the bundled basic fixtures).")
    Path input;

    @Option(names = "--history", paramLabel = "NAME", defaultValue = "basic",
            description = "Bundled history to replay when no --input is given: basic (six accounts, quote to cash) or "
                    + "amendments (upgrades and downgrades with prorations, customer credit, usage, disputes won and lost; "
                    + "default: ${DEFAULT-VALUE}).")
    String history;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep broker, Streams and Connect state here, kept on exit (default: a fresh directory per "
                    + "run under ~/.ledgerline/demo, deleted on exit). Two demos need two directories.")
    Path dataDir;

    @Option(names = "--exit-when-drained", description = "Print the summary and exit instead of serving until Ctrl-C.")
    boolean exitWhenDrained;

    @Option(names = "--http-port", paramLabel = "N", defaultValue = "8080",
            description = "Port of the HTTP API, 0 for any free port (default: ${DEFAULT-VALUE}, or a free port if it "
                    + "is taken; a port given here must be free).")
    int httpPort;

    @Option(names = "--registry-port", paramLabel = "N", defaultValue = "8081",
            description = "Port of the schema registry, 0 for any free port (default: ${DEFAULT-VALUE}, or a free port "
                    + "if it is taken; a port given here must be free).")
    int registryPort;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
            converter = ProcessCommand.DurationConverter.class,
            description = "How long start-up and draining may take (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The environment, replaceable in tests. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // LEDGERLINE_API_TOKEN(_FILE) as for run; without one the stack makes up a token and prints it
        Map<String, String> settings = RunSettings.fromEnvironment(environment);
        ApiToken token;
        try {
            token = ApiToken.configured(settings.get(ApiToken.SETTING), settings.get(ApiToken.FILE_SETTING));
        } catch (IllegalArgumentException e) {
            err.println("demo: " + e.getMessage());
            return LedgerlineCli.EXIT_USAGE;
        }
        if (!BundledExports.HISTORIES.contains(history)) {
            err.println("demo: --history must be one of " + BundledExports.HISTORIES + ", got '" + history + "'");
            return LedgerlineCli.EXIT_USAGE;
        }
        Path replay = input;
        Path extracted = null;
        if (replay == null && !history.equals("basic")) {
            try {
                extracted = Files.createTempDirectory("ledgerline-demo-" + history + "-");
                replay = BundledExports.extractTo(extracted, history);
            } catch (java.io.IOException e) {
                err.println("demo: cannot extract the bundled " + history + " history: " + e.getMessage());
                return LedgerlineCli.EXIT_FAILURE;
            }
        }
        // a default port that is taken gives way to a free one (printed); a port the user asked for must be free
        boolean defaultHttpPort = !spec.commandLine().getParseResult().hasMatchedOption("--http-port");
        boolean defaultRegistryPort = !spec.commandLine().getParseResult().hasMatchedOption("--registry-port");
        DemoStack demo = new DemoStack(new DemoStack.Options(replay, dataDir, httpPort, registryPort, 4, timeout,
                token.isConfigured() ? token : null, defaultHttpPort, defaultRegistryPort),
                line -> {
                    err.println(line);
                    err.flush();
                });
        Path extractedHistory = extracted;
        AutoCloseable stack = () -> {
            demo.close();
            if (extractedHistory != null) {
                org.apache.kafka.common.utils.Utils.delete(extractedHistory.toFile());
            }
        };
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            err.println("Stopping: Connect, Streams, HTTP, broker...");
            err.flush();
            closeQuietly(stack);
            stopped.countDown();
        }, "ledgerline-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            demo.start();
            LedgerReport report = demo.awaitDrained();
            SummaryPrinter.print(report, out);
            String failure = demo.failureReason();
            if (failure != null) {
                err.println("demo failed: " + failure);
                return LedgerlineCli.EXIT_FAILURE;
            }
            if (!report.trialBalance().balanced()) {
                err.println("demo failed: the trial balance does not balance");
                return LedgerlineCli.EXIT_FAILURE;
            }
            if (exitWhenDrained) {
                return 0;
            }
            err.println("Serving " + demo.apiUrl() + " until Ctrl-C");
            err.flush();
            stopped.await();
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("demo: " + e.getMessage());
            return LedgerlineCli.EXIT_USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LedgerlineCli.EXIT_FAILURE;
        } catch (Exception e) {
            err.println("demo failed: " + ProcessCommand.describe(e));
            return LedgerlineCli.EXIT_FAILURE;
        } finally {
            if (exitWhenDrained || stopped.getCount() > 0) {
                removeHookAndClose(hook, stack);
            }
            err.flush();
        }
    }

    private static void removeHookAndClose(Thread hook, AutoCloseable stack) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook closes the stack
        }
        closeQuietly(stack);
    }

    private static void closeQuietly(AutoCloseable stack) {
        try {
            stack.close();
        } catch (Exception e) {
            // DemoStack.close logs what failed; the extracted history is a temp directory
        }
    }
}
