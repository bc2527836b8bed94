package io.ledgerline.cli;

import io.ledgerline.runtime.Drain;
import io.ledgerline.serde.AvroSerdeConfig;
import io.ledgerline.metrics.BusinessMetrics;
import io.ledgerline.topology.LedgerlineApp;
import io.ledgerline.topology.TopologySettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.tools.StreamsResetter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reset}: makes the application reprocess its input from the beginning. Kafka's own {@link StreamsResetter}
 * moves the group's committed offsets on the input topics to the earliest and deletes the internal (repartition and
 * changelog) topics; the instance's local state directory for the application is deleted too. Output topics are
 * left alone: a reprocessing writes every journal entry again under its own deterministic id, which the ERP sink
 * upserts.
 */
@Command(name = "reset",
        mixinStandardHelpOptions = true,
        description = {
            "Resets the application so it reprocesses its input from the beginning: committed offsets of the input "
                    + "topics to the earliest, internal topics deleted (Kafka's StreamsResetter), and this instance's "
                    + "local state directory deleted. Every instance must be stopped. Output topics are kept.",
            "Settings as for run (--config and KAFKA_*/LEDGERLINE_* environment): bootstrap.servers, application.id, "
                    + "state.dir."})
public final class ResetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with the settings (as for run).")
    Path config;

    @Option(names = "--dry-run", description = "Show what would be reset and change nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Really reset (required unless --dry-run).")
    boolean yes;

    @Option(names = "--force", description = "Remove members still registered in the group (e.g. static members of "
            + "stopped instances whose session has not expired yet) instead of refusing.")
    boolean force;

    /** The environment, replaceable in tests. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunSettings settings;
        try {
            settings = RunSettings.load(config, environment);
        } catch (IllegalArgumentException e) {
            err.println("reset: " + e.getMessage());
            return LedgerlineCli.EXIT_USAGE;
        }
        List<String> missing = new ArrayList<>();
        for (String key : List.of("bootstrap.servers", "application.id", "state.dir")) {
            if (settings.get(key) == null || settings.get(key).isBlank()) {
                missing.add(key + " (set it in --config or with the environment variable " + RunSettings.REQUIRED.get(key) + ")");
            }
        }
        if (!missing.isEmpty()) {
            err.println("reset: missing required settings:");
            missing.forEach(m -> err.println("  " + m));
            return LedgerlineCli.EXIT_USAGE;
        }
        List<String> security = SecuritySettings.problems(settings);
        if (!security.isEmpty()) {
            err.println("reset: the security settings cannot be used; nothing was reset:");
            security.forEach(p -> err.println("  " + p));
            return LedgerlineCli.EXIT_USAGE;
        }
        if (!dryRun && !yes) {
            err.println("reset: this deletes the application's internal topics and local state and makes it reprocess "
                    + "everything; run with --dry-run to see what would be reset, then with --yes to do it");
            return LedgerlineCli.EXIT_USAGE;
        }
        String applicationId = settings.get("application.id");
        Set<String> inputs = inputTopics();
        Path localState = Path.of(settings.get("state.dir")).resolve(applicationId);

        Path clientConfig = Files.createTempFile("ledgerline-reset-", ".properties");
        try {
            Properties props = new Properties();
            settings.clientSettings().forEach((k, v) -> {
                if (!k.equals("application.id") && !k.equals("state.dir") && !k.startsWith("schema.registry.")) {
                    props.setProperty(k, v);
                }
            });
            try (OutputStream file = Files.newOutputStream(clientConfig)) {
                props.store(file, "client settings for StreamsResetter");
            }
            List<String> args = new ArrayList<>(List.of("--bootstrap-server", settings.get("bootstrap.servers"),
                    "--application-id", applicationId, "--input-topics", String.join(",", inputs),
                    "--to-earliest", "--config-file", clientConfig.toString()));
            if (dryRun) {
                args.add("--dry-run");
            }
            if (force) {
                args.add("--force");
            }
            out.println((dryRun ? "Would reset" : "Resetting") + " application " + applicationId + " on " + settings.get("bootstrap.servers"));
            out.println("Input topics (committed offsets to the earliest): " + String.join(", ", inputs));
            out.flush();
            int exit = resetter(args, out);
            if (exit != 0) {
                err.println("reset: Kafka's StreamsResetter failed (exit " + exit + "); nothing local was deleted"
                        + (force ? "" : ". If instances are stopped but still members of the group, add --force"));
                return LedgerlineCli.EXIT_FAILURE;
            }
            if (Files.isDirectory(localState)) {
                out.println((dryRun ? "Would delete" : "Deleting") + " local state " + localState);
                if (!dryRun) {
                    deleteTree(localState);
                }
            } else {
                out.println("No local state at " + localState);
            }
            out.println(dryRun ? "Dry run: nothing was changed." : "Done. Start the instances again to reprocess.");
            return 0;
        } finally {
            Files.deleteIfExists(clientConfig);
        }
    }

    /** The user topics the topology consumes, as {@code run} builds it. */
    static Set<String> inputTopics() {
        // building the topology contacts no registry; the mock scope only satisfies the serde configuration
        LedgerlineApp app = LedgerlineApp.of(TopologySettings.onTicks(
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://ledgerline-reset")));
        return Drain.sourceTopics(app.topology(BusinessMetrics.none()), new TreeSet<>(LedgerlineApp.topics(Set.of())));
    }

    /** Runs StreamsResetter, which prints to System.out, with its output on {@code out}. */
    private static int resetter(List<String> args, PrintWriter out) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            return new StreamsResetter().execute(args.toArray(String[]::new));
        } finally {
            System.setOut(original);
            out.print(captured.toString(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
