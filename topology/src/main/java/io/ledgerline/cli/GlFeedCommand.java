package io.ledgerline.cli;

import io.ledgerline.glinterface.GlInterfaceFeed;
import io.ledgerline.names.Topics;
import io.ledgerline.runtime.StreamsDefaults;
import io.ledgerline.runtime.StreamsRuntime;
import io.ledgerline.serde.AvroSerdeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gl-feed}: flattens the journal topics into GL-interface header and line rows for a JDBC sink, until stopped. */
@Command(name = "gl-feed",
        mixinStandardHelpOptions = true,
        description = {
            "Reads every erp.journal.* topic and writes each entry as a header row to " + Topics.GL_INTERFACE_HEADERS
                    + " and one row per line to " + Topics.GL_INTERFACE_LINES + " (Kafka Connect JSON with schema), "
                    + "exactly once, for the JDBC sink into the ERP's GL interface tables."})
public final class GlFeedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT,...")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", required = true, paramLabel = "URL",
            description = "Schema registry the journal topics are written with.")
    String registryUrl;

    @Option(names = "--application-id", defaultValue = GlInterfaceFeed.DEFAULT_APPLICATION_ID, paramLabel = "ID",
            description = "Kafka Streams application.id (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Kafka client and Streams properties (security, replication.factor) over the defaults; "
                    + "KAFKA_* environment variables override both, as for run.")
    Path commandConfig;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path stateDir = Files.createTempDirectory("ledgerline-gl-feed-");
        Properties config = StreamsDefaults.baseConfig(applicationId, bootstrapServers, stateDir);
        if (commandConfig != null) {
            if (!Files.isRegularFile(commandConfig)) {
                err.println("gl-feed: --command-config: " + commandConfig.toAbsolutePath() + " does not exist");
                err.flush();
                return LedgerlineCli.EXIT_USAGE;
            }
            try (InputStream in = Files.newInputStream(commandConfig)) {
                config.load(in);
            } catch (IOException e) {
                err.println("gl-feed: --command-config: cannot read " + commandConfig + ": " + e.getMessage());
                err.flush();
                return LedgerlineCli.EXIT_USAGE;
            }
        }
        // as for run: KAFKA_FOO_BAR=x sets foo.bar (security settings on Kubernetes), over the file
        RunSettings.fromEnvironment(System.getenv()).forEach((key, value) -> {
            if (!key.startsWith("ledgerline.")) {
                config.put(key, value);
            }
        });
        GlInterfaceFeed feed = GlInterfaceFeed.withSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl));
        CountDownLatch stopped = new CountDownLatch(1);
        try (StreamsRuntime streams = StreamsRuntime.start(feed.build(), config)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "ledgerline-gl-feed-shutdown"));
            streams.awaitRunning(Duration.ofMinutes(5));
            err.println("GL-interface feed running: " + Topics.JOURNAL_PATTERN + " -> " + Topics.GL_INTERFACE_HEADERS
                    + ", " + Topics.GL_INTERFACE_LINES);
            err.flush();
            while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                String failure = streams.failureReason();
                if (failure != null) {
                    err.println("gl-feed: " + failure);
                    err.flush();
                    return LedgerlineCli.EXIT_FAILURE;
                }
            }
        }
        return 0;
    }
}
