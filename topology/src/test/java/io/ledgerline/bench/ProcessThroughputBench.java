package io.ledgerline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.cli.GenerateCommand;
import io.ledgerline.runtime.ProcessJob;
import io.ledgerline.names.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of {@code process} (the production topology on the embedded broker, in-memory stores, exactly-once)
 * over histories made by {@code generate}: N copies of the six-account basic history, each posting the basic
 * history's 25 journal entries under its own ids.
 *
 * <p>Not part of {@code mvn verify}: the class name matches none of surefire's or failsafe's default includes. Run it
 * with the {@code bench} profile of the topology module (which runs only {@code *Bench} classes):
 * <pre>
 * mvn -q -B install -DskipTests &amp;&amp; mvn -B -pl topology verify -Pbench
 * </pre>
 * Settings (system properties, passed with {@code -D} on the Maven command line):
 * <ul>
 *   <li>{@code bench.copies}: copies of the basic history (default 500: 3,000 accounts, 22,056 input records);</li>
 *   <li>{@code bench.threads}: comma-separated Kafka Streams thread counts, one run each (default {@code 1,2});</li>
 *   <li>{@code bench.partitions}: partitions per topic (default 4).</li>
 * </ul>
 * For each run it prints the input records, the journal entries, the processing time (from "Kafka Streams running"
 * to "all input processed": replaying the input and draining the pipeline, without broker and Streams start-up or the
 * export) and input records per second. It asserts correctness only, never speed: exactly copies × 25 journal
 * entries, 25 per copy, unique entry ids, every entry balanced in transaction and in functional currency, no
 * exception and no dead letter.
 */
class ProcessThroughputBench {

    /** The basic history's journal at the default as-of: 19 entries on erp.journal.netsuite, 6 on erp.journal.sap. */
    private static final int ENTRIES_PER_COPY = 25;
    /** Journals are routed to {@code erp.journal.<erp>} (the contract in docs and DESIGN). */
    private static final String JOURNAL_PREFIX = "erp.journal.";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Run(int threads, long inputRecords, long entries, double processingSeconds, double totalSeconds) {

        double recordsPerSecond() {
            return inputRecords / processingSeconds;
        }
    }

    @Test
    void processesGeneratedHistories(@TempDir Path work) throws Exception {
        int copies = Integer.getInteger("bench.copies", 500);
        int partitions = Integer.getInteger("bench.partitions", 4);
        int[] threadCounts = Arrays.stream(System.getProperty("bench.threads", "1,2").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();

        Path input = work.resolve("input");
        long generateStarted = System.nanoTime();
        GenerateCommand.Summary generated = GenerateCommand.generate(copies, input, ProcessThroughputBench::print);
        print(String.format(Locale.ROOT, "bench: generated %,d accounts (%d copies), %,d input records in %.1f s",
                generated.accounts(), copies, generated.totalLines(), (System.nanoTime() - generateStarted) / 1e9));

        SoftAssertions softly = new SoftAssertions();
        List<Run> runs = new ArrayList<>();
        for (int threads : threadCounts) {
            Path output = work.resolve("output-" + threads + "-threads");
            Run run = run(input, output, partitions, threads);
            runs.add(run);
            checkJournal(softly, output, copies, "threads=" + threads);
            softly.assertThat(run.inputRecords()).as("input records, threads=%d", threads)
                    .isEqualTo(generated.totalLines());
        }

        print("");
        print(String.format(Locale.ROOT, "bench: %d copies (%,d accounts), %d partitions, %d cores, Java %s",
                copies, generated.accounts(), partitions, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")));
        print("bench: threads  input records  journal entries  processing s  records/s   (total s incl. start-up and export)");
        for (Run run : runs) {
            print(String.format(Locale.ROOT, "bench: %7d  %13d  %15d  %12.1f  %9.0f   (%.1f)", run.threads(),
                    run.inputRecords(), run.entries(), run.processingSeconds(), run.recordsPerSecond(),
                    run.totalSeconds()));
        }
        softly.assertAll();
    }

    private static Run run(Path input, Path output, int partitions, int threads) throws Exception {
        long started = System.nanoTime();
        long[] marks = new long[2];
        ProcessJob.Options options = new ProcessJob.Options(input, output, null, partitions, threads,
                Duration.ofMinutes(30));
        ProcessJob.Result result;
        try (ProcessJob job = new ProcessJob(options, line -> {
            long now = System.nanoTime();
            if (line.contains("Kafka Streams running")) {
                marks[0] = now;
            } else if (line.contains("all input processed")) {
                marks[1] = now;
            }
            // the drain watcher's per-second lines list every topic: keep their head
            int detail = line.indexOf(" | ");
            print("  [threads=" + threads + "] " + (detail > 0 ? line.substring(0, detail) : line));
        })) {
            result = job.run();
        }
        double total = (System.nanoTime() - started) / 1e9;
        assertThat(marks[0]).as("'Kafka Streams running' progress line").isPositive();
        assertThat(marks[1]).as("'all input processed' progress line").isPositive();
        long inputRecords = result.inputRecords().values().stream().mapToLong(Long::longValue).sum();
        long entries = result.outputRecords().entrySet().stream()
                .filter(e -> e.getKey().startsWith(JOURNAL_PREFIX))
                .mapToLong(Map.Entry::getValue).sum();
        return new Run(threads, inputRecords, entries, (marks[1] - marks[0]) / 1e9, total);
    }

    private static void checkJournal(SoftAssertions softly, Path output, int copies, String label) throws IOException {
        Set<String> entryIds = new HashSet<>();
        Map<String, Integer> entriesPerCopy = new HashMap<>();
        long entries = 0;
        long unbalanced = 0;
        List<Path> journals;
        try (var files = Files.list(output)) {
            journals = files.filter(f -> f.getFileName().toString().startsWith(JOURNAL_PREFIX)).sorted().toList();
        }
        softly.assertThat(journals).as("journal files, %s", label).hasSize(2);
        for (Path journal : journals) {
            try (BufferedReader reader = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    JsonNode entry = MAPPER.readTree(line);
                    entries++;
                    String id = entry.get("entryId").asText();
                    softly.assertThat(entryIds.add(id)).as("entry id %s unique, %s", id, label).isTrue();
                    String account = entry.get("accountId").asText();
                    entriesPerCopy.merge(account.substring(account.length() - 6), 1, Integer::sum);
                    long[] sums = new long[4];
                    for (JsonNode l : entry.get("lines")) {
                        int side = "DEBIT".equals(l.get("side").asText()) ? 0 : 1;
                        sums[side] += l.get("amountMinor").asLong();
                        sums[2 + side] += l.get("functionalAmountMinor").asLong();
                    }
                    if (sums[0] != sums[1] || sums[2] != sums[3]) {
                        unbalanced++;
                        softly.fail("%s does not balance (%s), %s", id, Arrays.toString(sums), label);
                    }
                }
            }
        }
        print(String.format(Locale.ROOT, "bench: %s: %,d journal entries, %,d unbalanced, %,d copies with an entry",
                label, entries, unbalanced, entriesPerCopy.size()));
        softly.assertThat(entries).as("journal entries, %s", label).isEqualTo((long) copies * ENTRIES_PER_COPY);
        Map<String, Integer> wrong = new TreeMap<>();
        entriesPerCopy.forEach((copy, n) -> {
            if (n != ENTRIES_PER_COPY) {
                wrong.put(copy, n);
            }
        });
        softly.assertThat(entriesPerCopy).as("copies with entries, %s", label).hasSize(copies);
        softly.assertThat(wrong).as("copies (base-36 tag) without exactly %d entries, %s", ENTRIES_PER_COPY, label)
                .isEmpty();
        for (String topic : List.of(Topics.EXCEPTIONS, Topics.DEADLETTER)) {
            Path file = output.resolve(topic + ".jsonl");
            softly.assertThat(Files.exists(file) ? Files.size(file) : 0L).as("%s, %s", topic, label).isZero();
        }
    }

    private static void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
