package io.ledgerline.cli;

import io.ledgerline.bench.BenchLoad;
import io.ledgerline.bench.BenchReport;
import io.ledgerline.bench.Benchmark;
import io.ledgerline.load.LoadGenerator;
import io.ledgerline.load.LoadSettings;
import io.ledgerline.load.LoadSummary;
import io.ledgerline.runtime.LocalDirs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: the pipeline against Kafka Streams' exactly-once pass-through, on the same raw records, in one run. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures the pipeline against a Kafka Streams pass-through (exactly-once and at-least-once) on the same raw "
                    + "records, partitions and commit interval, on an in-JVM broker: records/s of each (median of the "
                    + "rounds after the warm-up) and their ratio, records and bytes written to the broker per raw record "
                    + "by kind, end-to-end latency at a fraction of the pipeline's maximum, live state per account, "
                    + "heap, restore time. Prints a table; --report writes every figure as JSON."})
public final class BenchCommand implements Callable<Integer> {

    /** Raw records per copy of the basic history, master data aside (16 CDC + 23 Stripe + 6 crosswalk records). */
    private static final int RECORDS_PER_COPY = 45;

    @Spec
    CommandSpec spec;

    @Option(names = "--events", defaultValue = "200000", paramLabel = "N",
            description = "About how many raw records to generate (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--mix", paramLabel = "MIX", defaultValue = "realistic",
            description = "The generated load: realistic (default; `generate --mix realistic`: four legal entities and "
                    + "currencies, annual and monthly subscriptions, taxes, discounts, partial and early payments, credit "
                    + "notes, refunds, voids, disputes, duplicated and late Stripe events) or copies (of the basic history).")
    GenerateCommand.Mix mix;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the realistic load (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--input", paramLabel = "DIR",
            description = "Benchmark these export files instead of generating load (salesforce-cdc.jsonl, "
                    + "stripe-events.jsonl, erp-masterdata.jsonl).")
    Path input;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--warmups", defaultValue = "1", description = "Warm-up rounds, not measured (default: ${DEFAULT-VALUE}).")
    int warmups;

    @Option(names = "--repetitions", defaultValue = "3", description = "Measured rounds (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--latency-load", defaultValue = "0.5", paramLabel = "FRACTION",
            description = "The latency probe offers this fraction of the pipeline's measured maximum (default: ${DEFAULT-VALUE}).")
    double latencyLoad;

    @Option(names = "--latency-seconds", defaultValue = "20", paramLabel = "S",
            description = "How long the latency probe sends, about; 0 turns it off (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    // a 200,000-record round of the pipeline takes about a quarter of an hour on a 2-core machine
    @Option(names = "--drain-timeout", defaultValue = "30m", paramLabel = "DURATION",
            converter = ProcessCommand.DurationConverter.class,
            description = "How long one contender may take to consume the load (default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write every figure as JSON to FILE.")
    Path report;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Benchmark.Settings settings;
        try {
            settings = new Benchmark.Settings(partitions, warmups, repetitions, latencyLoad, latencySeconds, drainTimeout);
            if (input == null && events < 1) {
                throw new IllegalArgumentException("--events must be at least 1, got " + events);
            }
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            return LedgerlineCli.EXIT_USAGE;
        }
        Path generated = null;
        try {
            BenchLoad load;
            if (input != null) {
                load = BenchLoad.of(input, "export files in " + input, 0);
            } else {
                generated = LocalDirs.fresh("bench-load");
                load = generate(generated);
                err.printf(java.util.Locale.ROOT, "generated %,d raw records for %,d accounts%n", load.rawRecords(), load.accounts());
            }
            Benchmark.Result result = new Benchmark(load, settings, line -> {
                err.println(line);
                err.flush();
            }).run();
            BenchReport reportOut = new BenchReport(result);
            reportOut.printTable(out);
            if (report != null) {
                reportOut.writeJson(report);
                out.println("  report written to " + report.toAbsolutePath());
                out.flush();
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            return LedgerlineCli.EXIT_USAGE;
        } finally {
            if (generated != null) {
                try {
                    Utils.delete(generated.toFile());
                } catch (IOException e) {
                    err.println("warning: cannot delete " + generated + ": " + e);
                }
            }
            err.flush();
        }
    }
    /** Writes the load {@code --mix}, {@code --events} and {@code --seed} ask for into {@code dir}. */
    private BenchLoad generate(Path dir) throws IOException {
        if (mix == GenerateCommand.Mix.realistic) {
            LoadSummary summary = LoadGenerator.write(LoadSettings.ofEvents(events, seed), dir, line -> { });
            return BenchLoad.of(dir, String.format(java.util.Locale.ROOT, "generate --mix realistic --events %d --seed %d",
                    events, seed), summary.accounts());
        }
        int copies = (int) Math.max(1, Math.min(GenerateCommand.MAX_COPIES, (events + RECORDS_PER_COPY - 1) / RECORDS_PER_COPY));
        GenerateCommand.Summary summary = GenerateCommand.generate(copies, dir, line -> { });
        return BenchLoad.of(dir, String.format(java.util.Locale.ROOT, "generate: %,d copies of the basic history", copies),
                summary.accounts());
    }
}
