package io.ledgerline.cli;

import io.ledgerline.runtime.InputAccount;
import io.ledgerline.runtime.ProcessJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code process}: the topology over export files on an embedded broker, outputs as JSON lines. */
@Command(name = "process",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the pipeline over export files on an embedded Kafka broker and writes every output topic as "
                    + "<topic>.jsonl into the output directory, then exits.",
            "Input files: salesforce-cdc.jsonl, stripe-events.jsonl, erp-masterdata.jsonl, "
                    + "optional erp-posting-results.jsonl."})
public final class ProcessCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "DIR", description = "Directory with the export files.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "Directory for the <topic>.jsonl files (created if missing).")
    Path output;

    @Option(names = "--as-of", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Clock of the run: revenue is recognized for every month ended on or before it and SLA "
                    + "alerts are judged against it. ISO instant (2026-04-01T00:00:00Z) or date (UTC midnight). "
                    + "Default: the latest event time in the input.")
    Instant asOf;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
            description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Kafka Streams threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long processing the input may take, e.g. 90s, 5m, PT1H (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProcessJob.Options options;
        try {
            options = new ProcessJob.Options(input, output, asOf, partitions, threads, timeout);
        } catch (IllegalArgumentException e) {
            err.println("process: " + e.getMessage());
            return LedgerlineCli.EXIT_USAGE;
        }
        Consumer<String> progress = line -> {
            err.println(line);
            err.flush();
        };
        try (ProcessJob job = new ProcessJob(options, progress)) {
            ProcessJob.Result result = job.run();
            printSummary(out, result);
            if (!result.inputAccount().addsUp()) {
                err.println("process: the input account does not add up: some input records are unaccounted for (see above)");
                return LedgerlineCli.EXIT_FAILURE;
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("process: " + e.getMessage());
            return LedgerlineCli.EXIT_USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("process: interrupted");
            return LedgerlineCli.EXIT_FAILURE;
        } catch (Exception e) {
            err.println("process failed: " + describe(e));
            return LedgerlineCli.EXIT_FAILURE;
        } finally {
            err.flush();
        }
    }

    private void printSummary(PrintWriter out, ProcessJob.Result result) {
        long in = result.inputRecords().values().stream().mapToLong(Long::longValue).sum();
        out.printf(Locale.ROOT, "Processed %d input records as of %s in %.1f s%n", in, result.asOf(),
                result.elapsed().toMillis() / 1000.0);
        int width = result.outputRecords().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, Long> topic : result.outputRecords().entrySet()) {
            out.printf(Locale.ROOT, "  %-" + width + "s %6d%n", topic.getKey() + ".jsonl", topic.getValue());
        }
        out.println("Input account");
        for (InputAccount.Line line : result.inputAccount().lines()) {
            out.printf(Locale.ROOT, "  %-20s %s%s%n", line.source(), line.text(), line.addsUp() ? "" : "  DOES NOT ADD UP");
        }
        out.println(result.inputAccount().addsUp() ? "  every input record is accounted for" : "  NOT every input record is accounted for");
        out.println("Output: " + output.toAbsolutePath());
        out.flush();
    }

    // The message chain without stack traces: the user needs the cause, not the frames.
    static String describe(Throwable error) {
        StringBuilder message = new StringBuilder(String.valueOf(error.getMessage()));
        Throwable cause = error.getCause();
        while (cause != null && cause != cause.getCause()) {
            String text = cause.getMessage();
            if (text != null && !message.toString().contains(text)) {
                message.append(": ").append(text);
            }
            cause = cause.getCause();
        }
        return message.toString();
    }

    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException notAnInstant) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notADate) {
                    throw new CommandLine.TypeConversionException(
                            "'" + value + "' is neither an ISO instant (2026-04-01T00:00:00Z) nor a date (2026-04-01)");
                }
            }
        }
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (text.startsWith("p")) {
                    return Duration.parse(value.trim());
                }
                if (text.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
                }
                if (text.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
                }
                if (text.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
                }
                if (text.endsWith("h")) {
                    return Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
                }
                return Duration.ofSeconds(Long.parseLong(text));
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 90s, 5m, PT1H)");
            }
        }
    }
}
