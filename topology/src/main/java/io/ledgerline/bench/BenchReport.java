package io.ledgerline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's figures as a table for people and as JSON for machines, each against the targets. */
public final class BenchReport {

    /** At least this share of the exactly-once pass-through's records/s. */
    public static final double TARGET_RATIO = 0.25;
    /** At most this many records written to the broker per raw record. */
    public static final double TARGET_WRITES_PER_RAW_RECORD = 5.0;
    /** p99 end-to-end latency at the probe's load, below this. */
    public static final double TARGET_P99_MILLIS = 1000;
    /** Live state per account, below this (changelog replication excluded). */
    public static final double TARGET_STATE_BYTES_PER_ACCOUNT = 1024;

    private final Benchmark.Result result;

    public BenchReport(Benchmark.Result result) {
        this.result = result;
    }

    public void printTable(PrintWriter out) {
        BenchLoad load = result.load();
        Benchmark.Settings settings = result.settings();
        out.printf(Locale.ROOT, "Ledgerline bench: %,d raw records (%s), %d partitions, 1 stream thread, commit interval %d ms,%n",
                load.rawRecords(), load.description(), settings.partitions(), io.ledgerline.runtime.StreamsDefaults.COMMIT_INTERVAL_MS);
        out.printf(Locale.ROOT, "  in-JVM broker, median of %d round%s after %d warm-up round%s; %s%n", settings.repetitions(),
                settings.repetitions() == 1 ? "" : "s", settings.warmups(), settings.warmups() == 1 ? "" : "s", machineLine());
        out.println();
        out.printf(Locale.ROOT, "  %-36s %12s %12s %12s %12s %14s %12s%n", "", "records/s", "rounds", "written/raw", "bytes/raw",
                "thread µs/raw", "JVM µs/raw");
        for (Contender contender : Contender.values()) {
            List<Measurement> rounds = result.rounds().get(contender);
            BrokerTraffic traffic = result.traffic(contender);
            out.printf(Locale.ROOT, "  %-36s %,12.0f %12s %12.2f %,12.0f %,14.0f %,12.0f%n", contender.description(),
                    result.medianRecordsPerSecond(contender), spread(rounds),
                    traffic.totalRecordsWritten() / (double) load.rawRecords(),
                    traffic.totalBytesWritten() / (double) load.rawRecords(),
                    result.median(contender, Measurement::streamThreadMicrosPerRecord),
                    result.median(contender, Measurement::processMicrosPerRecord));
        }
        out.println();
        out.printf(Locale.ROOT, "  ratio pipeline / exactly-once pass-through: %.3f (1/%.1f)   target >= %.2f: %s%n",
                result.ratio(), 1 / result.ratio(), TARGET_RATIO, verdict(result.ratio() >= TARGET_RATIO));
        Map<String, Double> writes = result.traffic(Contender.PIPELINE).recordsPerRawRecord(load.rawRecords());
        out.printf(Locale.ROOT, "  pipeline writes per raw record: changelog %.2f, repartition %.2f, canonical %.2f, output %.2f = %.2f"
                        + "   target <= %.0f: %s%n", writes.get("changelog"), writes.get("repartition"), writes.get("canonical"),
                writes.get("output"), writes.get("total"), TARGET_WRITES_PER_RAW_RECORD,
                verdict(writes.get("total") <= TARGET_WRITES_PER_RAW_RECORD));
        result.traffic(Contender.PIPELINE).topTopics(load.rawRecords(), 8).forEach((topic, perRaw) ->
                out.printf(Locale.ROOT, "    %-60s %6.2f per raw record%n", topic, perRaw));
        LatencyProbe.Latency latency = result.latency();
        if (latency != null) {
            out.printf(Locale.ROOT, "  end-to-end latency at %.0f%% load: %s   target p99 < %.0f ms: %s%n",
                    result.settings().latencyLoad() * 100, LatencyProbe.describe(latency), TARGET_P99_MILLIS,
                    verdict(latency.p99Millis() < TARGET_P99_MILLIS));
        }
        PipelineFootprint footprint = result.footprint();
        if (footprint != null) {
            out.printf(Locale.ROOT, "  state: %,d live bytes in %,d keys, %,.0f per account over %,d accounts   target < %.0f: %s%n",
                    footprint.liveStateBytes(), footprint.stores().stream().mapToLong(ChangelogCensus.StoreState::keys).sum(),
                    footprint.liveStateBytesPerAccount(), footprint.accounts(), TARGET_STATE_BYTES_PER_ACCOUNT,
                    verdict(footprint.accounts() > 0 && footprint.liveStateBytesPerAccount() < TARGET_STATE_BYTES_PER_ACCOUNT));
            for (ChangelogCensus.StoreState store : footprint.stores()) {
                out.printf(Locale.ROOT, "    %-40s %,10d keys %,14d live bytes %,10d changelog records%n", store.store(),
                        store.keys(), store.liveBytes(), store.records());
            }
            out.printf(Locale.ROOT, "  changelog logs %,d bytes, RocksDB on disk %,d bytes, heap after GC %,d MiB (broker included)%n",
                    footprint.changelogBytes(), footprint.rocksDbBytes(), footprint.heapUsedBytes() / (1024 * 1024));
            out.printf(Locale.ROOT, "  restore from the changelogs (empty state directory to RUNNING): %.1f s for %,d records; "
                            + "clock tick after the backlog: %.1f s, a second tick in the same month: %.1f s%n",
                    footprint.restore().toNanos() / 1e9, footprint.changelogRecords(), footprint.tick().toNanos() / 1e9,
                    footprint.idleTick().toNanos() / 1e9);
        }
        out.printf(Locale.ROOT, "  bench took %.0f s%n", result.elapsed().toNanos() / 1e9);
        out.flush();
    }

    public void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json());
    }

    Map<String, Object> json() {
        BenchLoad load = result.load();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("measuredAt", Instant.now().toString());
        root.put("machine", machine());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("partitions", result.settings().partitions());
        settings.put("streamThreads", 1);
        settings.put("commitIntervalMs", io.ledgerline.runtime.StreamsDefaults.COMMIT_INTERVAL_MS);
        settings.put("warmupRounds", result.settings().warmups());
        settings.put("measuredRounds", result.settings().repetitions());
        settings.put("latencyLoad", result.settings().latencyLoad());
        settings.put("latencySeconds", result.settings().latencySeconds());
        settings.put("broker", "in-JVM KRaft broker (KafkaClusterTestKit), replication factor 1");
        root.put("settings", settings);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("description", load.description());
        input.put("rawRecords", load.rawRecords());
        input.put("accounts", load.accounts());
        input.put("asOf", load.asOf().toString());
        root.put("load", input);
        Map<String, Object> contenders = new LinkedHashMap<>();
        for (Contender contender : Contender.values()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("description", contender.description());
            c.put("processingGuarantee", contender.processingGuarantee());
            c.put("medianRecordsPerSecond", result.medianRecordsPerSecond(contender));
            c.put("medianStreamThreadCpuMicrosPerRawRecord", result.median(contender, Measurement::streamThreadMicrosPerRecord));
            c.put("medianJvmCpuMicrosPerRawRecord", result.median(contender, Measurement::processMicrosPerRecord));
            c.put("rounds", result.rounds().get(contender).stream().map(m -> Map.of(
                    "recordsPerSecond", m.recordsPerSecond(),
                    "processingSeconds", m.processing().toNanos() / 1e9,
                    "startupSeconds", m.startup().toNanos() / 1e9,
                    "streamThreadCpuSeconds", m.cpu().streamThreadsNanos() / 1e9,
                    "jvmCpuSeconds", m.cpu().processNanos() / 1e9)).toList());
            BrokerTraffic traffic = result.traffic(contender);
            c.put("recordsWrittenPerRawRecord", traffic.recordsPerRawRecord(load.rawRecords()));
            c.put("bytesWrittenPerRawRecord", traffic.bytesPerRawRecord(load.rawRecords()));
            c.put("recordsReadPerRawRecord", traffic.recordsRead() / (double) load.rawRecords());
            c.put("recordsWrittenPerTopic", traffic.recordsWrittenPerTopic());
            contenders.put(contender.label(), c);
        }
        root.put("contenders", contenders);
        root.put("ratioPipelineToExactlyOncePassThrough", result.ratio());
        if (result.latency() != null) {
            root.put("latency", result.latency());
        }
        PipelineFootprint footprint = result.footprint();
        if (footprint != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("liveStateBytes", footprint.liveStateBytes());
            f.put("liveStateBytesPerAccount", footprint.liveStateBytesPerAccount());
            f.put("stores", footprint.stores());
            f.put("changelogLogBytes", footprint.changelogBytes());
            f.put("changelogRecords", footprint.changelogRecords());
            f.put("rocksDbBytesOnDisk", footprint.rocksDbBytes());
            f.put("heapUsedBytesAfterGc", footprint.heapUsedBytes());
            f.put("restoreSeconds", footprint.restore().toNanos() / 1e9);
            f.put("tickSeconds", footprint.tick().toNanos() / 1e9);
            f.put("idleTickSeconds", footprint.idleTick().toNanos() / 1e9);
            root.put("pipelineFootprint", f);
        }
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("ratio", target(TARGET_RATIO, result.ratio(), result.ratio() >= TARGET_RATIO));
        double writes = result.traffic(Contender.PIPELINE).totalRecordsWritten() / (double) load.rawRecords();
        targets.put("writesPerRawRecord", target(TARGET_WRITES_PER_RAW_RECORD, writes, writes <= TARGET_WRITES_PER_RAW_RECORD));
        if (result.latency() != null) {
            targets.put("p99Millis", target(TARGET_P99_MILLIS, result.latency().p99Millis(), result.latency().p99Millis() < TARGET_P99_MILLIS));
        }
        if (footprint != null && footprint.accounts() > 0) {
            double perAccount = footprint.liveStateBytesPerAccount();
            targets.put("stateBytesPerAccount", target(TARGET_STATE_BYTES_PER_ACCOUNT, perAccount, perAccount < TARGET_STATE_BYTES_PER_ACCOUNT));
        }
        root.put("targets", targets);
        root.put("elapsedSeconds", result.elapsed().toNanos() / 1e9);
        return root;
    }

    private static Map<String, Object> target(double target, double measured, boolean met) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("target", target);
        t.put("measured", measured);
        t.put("met", met);
        return t;
    }

    private static String spread(List<Measurement> rounds) {
        double min = rounds.stream().mapToDouble(Measurement::recordsPerSecond).min().orElse(0);
        double max = rounds.stream().mapToDouble(Measurement::recordsPerSecond).max().orElse(0);
        return String.format(Locale.ROOT, "%,.0f-%,.0f", min, max);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            machine.put("physicalMemoryBytes", os.getTotalMemorySize());
        }
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        return machine;
    }

    private static String machineLine() {
        Map<String, Object> m = machine();
        return String.format(Locale.ROOT, "%s cores, %s MiB max heap, %s", m.get("cores"),
                ((Long) m.get("maxHeapBytes")) / (1024 * 1024), m.get("jvm"));
    }
}
