package io.ledgerline.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.cli.GenerateCommand;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import io.ledgerline.bench.StateSizes;
import io.ledgerline.names.Topics;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.outputs.TopicExporter;
import io.ledgerline.runtime.ClockTicks;
import io.ledgerline.runtime.Drain;
import io.ledgerline.runtime.DrainWatcher;
import io.ledgerline.topology.LedgerlineTopology;
import io.ledgerline.topology.TopologySettings;
import io.ledgerline.runtime.EmbeddedKafkaCluster;
import io.ledgerline.runtime.ExportFileReplayer;
import io.ledgerline.runtime.ExportFiles;
import io.ledgerline.testsupport.AccountAnswers;
import io.ledgerline.testsupport.BatchTruth;
import io.ledgerline.testsupport.RunGroup;
import io.ledgerline.testsupport.RunProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once and determinism under hard crashes: three instances of {@code run}, each a separate OS process (so a
 * SIGKILL is a real crash), against a broker in this JVM with 12 partitions per topic, process a generated history
 * while instances are killed and restarted at seeded moments (by journal progress, some right after another
 * instance's restart, i.e. during a rebalance, and while the pipeline clock ticks every few seconds). At the end the
 * journal read back read_committed must hold no duplicate, every entry must balance, and the balances per legal
 * entity, account, role, currency and period must equal those of {@code process} over the same input; entries
 * equal {@code process}'s wherever no correction happened, every other entry is a reversal or a revision with a
 * deterministic id, no revenue month stands twice, and no exception is raised that {@code process} does not raise.
 *
 * <p>Size: {@code -Dchaos.accounts} (default 2,004) and {@code -Dchaos.kills} (default 6); the {@code chaos} profile
 * runs the full size. Figures measured (restart to ready, records per second) are printed for the README.
 */
class ExactlyOnceChaosIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPLICATION_ID = "ledgerline-chaos";
    private static final int PARTITIONS = 12;
    private static final int INSTANCES = 3;
    private static final long SEED = Long.getLong("chaos.seed", 20261202L);
    private static final int ACCOUNTS = Integer.getInteger("chaos.accounts", 2004);
    private static final int KILLS = Integer.getInteger("chaos.kills", 6);
    private static final int UNDISTURBED_ACCOUNTS = Integer.getInteger("chaos.undisturbedAccounts", 600);
    private static final Path JAR = Path.of("target/ledgerline.jar");
    /** A restarted instance restores every task from its changelogs: at full size a few hundred thousand records. */
    private static final Duration READY_WITHIN = Duration.ofMinutes(ACCOUNTS > 10_000 ? 5 : 2);

    @TempDir
    Path work;

    private RunGroup group;
    private EmbeddedKafkaCluster cluster;
    private List<RunProcess> instances = List.of();

    @AfterEach
    void stop() throws InterruptedException {
        if (group != null) {
            group.close();
            group.keepLogs(Path.of("target", "chaos-logs"));
        }
    }

    @Test
    void killedInstancesCostNothingButTime() throws Exception {
        chaos(ACCOUNTS, KILLS);
    }

    /**
     * No kill, and a backlog (about half a minute here) many times the clock's interval: ticks arrive while most of
     * the history is still in flight, and the books still equal {@code process}'s.
     */
    @Test
    void anUndisturbedRunWhoseBacklogOutlastsTheClockEqualsTheBatchTruth() throws Exception {
        chaos(UNDISTURBED_ACCOUNTS, 0);
    }

    private void chaos(int accounts, int killsAsked) throws Exception {
        assertThat(JAR).as("the packaged jar (mvn verify packages it before the integration tests)").isRegularFile();
        Path input = work.resolve("input");
        GenerateCommand.generate((accounts + 5) / 6, input, line -> { });
        Set<String> erps = ExportFiles.erpsOf(input.resolve(ExportFileReplayer.ERP_MASTERDATA_FILE));

        group = new RunGroup(JAR, work, APPLICATION_ID, erps, PARTITIONS);
        cluster = group.cluster();
        Map<String, Object> serde = group.serdeConfig();
        for (int i = 0; i < INSTANCES; i++) {
            // every tick recomputes every open invoice: at full size a 3 s clock from three instances never lets it drain
            group.add(Map.of("LEDGERLINE_CLOCK_INTERVAL", System.getProperty("chaos.clock", "PT3S"))).start();
        }
        instances = group.instances();

        // as in production, the input arrives at a running application (and at partitions whose leaders are settled)
        for (RunProcess instance : instances) {
            await("instance " + instance.index() + " ready").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(instance::ready);
        }
        long started = System.nanoTime();
        Map<String, Long> replayed = new ExportFileReplayer(cluster.clientConfig()).replay(input);
        long rawRecords = replayed.values().stream().mapToLong(Long::longValue).sum();
        // 25 entries per copy of the six-account history: kill points spread over the journal's progress
        long expectedEntries = 25L * ((accounts + 5) / 6);
        Random random = new Random(SEED);
        List<String> chaosLog = new ArrayList<>();
        List<Duration> restartToReady = new ArrayList<>();
        int kills = 0;
        for (int k = 0; k < killsAsked; k++) {
            long threshold = (long) (expectedEntries * (0.05 + 0.8 * (k + random.nextDouble()) / killsAsked));
            await("journal progress " + threshold).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> journalEnds(erps) >= threshold);
            RunProcess victim = instances.get(random.nextInt(INSTANCES));
            victim.kill();
            kills++;
            chaosLog.add(String.format(Locale.ROOT, "kill #%d: instance %d at %d journal offsets", kills, victim.index(), journalEnds(erps)));
            long restarted = System.nanoTime();
            victim.start();
            if (random.nextInt(3) == 0 && k < killsAsked - 1) {
                // a second crash while the group rebalances after the restart
                RunProcess other = instances.get((victim.index() + 1 + random.nextInt(INSTANCES - 1)) % INSTANCES);
                other.kill();
                kills++;
                k++;
                chaosLog.add(String.format(Locale.ROOT, "kill #%d: instance %d during the rebalance", kills, other.index()));
                other.start();
            }
            await("instance " + victim.index() + " ready").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(victim::ready);
            restartToReady.add(Duration.ofNanos(System.nanoTime() - restarted));
        }
        DrainWatcher.Progress drained;
        Set<String> sources = Drain.sourceTopics(new LedgerlineTopology(TopologySettings.onTicks(serde)).build(),
                new TreeSet<>(Topics.all(erps)));
        try (DrainWatcher watcher = new DrainWatcher(cluster.clientConfig(), APPLICATION_ID, sources)) {
            drained = watcher.awaitDrained(Duration.ofMinutes(10));
        }
        Duration chaosTime = Duration.ofNanos(System.nanoTime() - started);
        // the batch truth's as-of and one last tick at it, so both books have recognized the same months
        Instant asOf = Instant.now();
        ClockTicks.send(cluster.clientConfig(), serde, asOf);
        try (DrainWatcher watcher = new DrainWatcher(cluster.clientConfig(), APPLICATION_ID, sources)) {
            watcher.awaitDrained(Duration.ofMinutes(5));
        }

        List<JournalEntry> streamed = new ArrayList<>();
        List<PipelineException> streamedExceptions = new ArrayList<>();
        try (TopicExporter exporter = new TopicExporter(cluster.clientConfig())) {
            for (String erp : erps) {
                try (Deserializer<?> d = TopicExporter.specificRecords(serde)) {
                    exporter.read(Topics.journal(erp), d, v -> streamed.add((JournalEntry) v));
                }
            }
            try (Deserializer<?> d = TopicExporter.specificRecords(serde)) {
                exporter.read(Topics.EXCEPTIONS, d, v -> streamedExceptions.add((PipelineException) v));
            }
        }
        BatchTruth batch = BatchTruth.of(JAR, input, work, asOf, erps);
        List<String> wrongAnswers = queryEveryInstanceThenDuringARebalance(batch, random);

        System.out.printf(Locale.ROOT, "chaos: %d raw records, %d accounts, %d kills in %.1f s (%.0f raw records/s); "
                        + "restart to ready: %s; %d journal entries streamed, %d in process%n",
                rawRecords, accounts, kills, chaosTime.toMillis() / 1000.0, rawRecords / (chaosTime.toMillis() / 1000.0),
                restartToReady.stream().map(d -> String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0)).toList(),
                streamed.size(), batch.journal().size());
        chaosLog.forEach(System.out::println);
        List<Duration> restores = new ArrayList<>();
        List<Duration> pauses = new ArrayList<>();
        for (RunProcess i : instances) {
            restores.addAll(i.restoreRounds());
            pauses.addAll(i.rebalancePauses());
        }
        System.out.printf(Locale.ROOT, "restore rounds: %d, longest %s, median %s; rebalance pauses of a running instance: %d, "
                + "longest %s, median %s%n", restores.size(), longest(restores), median(restores), pauses.size(), longest(pauses),
                median(pauses));
        long changelogBytes = StateSizes.changelogLogBytes(cluster.admin(), APPLICATION_ID);
        long stateBytes = 0;
        for (RunProcess i : instances) {
            stateBytes += StateSizes.directoryBytes(i.stateDir());
        }
        System.out.printf(Locale.ROOT, "sizing: changelogs %,d bytes (%,d per account); RocksDB state on disk over %d instances, "
                        + "standbys included, %,d bytes (%,d per account)%n", changelogBytes, changelogBytes / accounts, INSTANCES,
                stateBytes, stateBytes / accounts);

        assertThat(kills).isGreaterThanOrEqualTo(killsAsked);
        assertThat(drained.drained()).isTrue();
        Map<String, Long> idCounts = streamed.stream().collect(Collectors.groupingBy(JournalEntry::getEntryId, TreeMap::new, Collectors.counting()));
        assertThat(idCounts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                .as("entries written twice").isEmpty();
        assertThat(streamed.stream().filter(e -> !balanced(e)).map(JournalEntry::getEntryId).toList()).as("unbalanced entries").isEmpty();
        assertThat(balances(streamed)).as("balances per legal entity, account, role, currency and period vs process")
                .isEqualTo(balancesOfJson(batch.journal()));

        Map<String, JournalEntry> streamedById = streamed.stream().collect(Collectors.toMap(JournalEntry::getEntryId, e -> e));
        Set<String> corrected = streamed.stream().filter(e -> e.getEntryId().endsWith(":reversed"))
                .map(JournalEntry::getReversesEntryId).collect(Collectors.toSet());
        List<String> differing = new ArrayList<>();
        for (JsonNode e : batch.journal()) {
            String id = e.get("entryId").asText();
            JournalEntry s = streamedById.get(id);
            if (s != null && !corrected.contains(id) && !sameLines(s, e)) {
                differing.add(id);
            }
        }
        assertThat(differing).as("entries that differ from process without a correction").isEmpty();
        Set<String> batchIds = batch.journal().stream().map(e -> e.get("entryId").asText()).collect(Collectors.toSet());
        assertThat(streamed.stream().map(JournalEntry::getEntryId)
                .filter(id -> !batchIds.contains(id) && !id.endsWith(":reversed") && !id.matches(".*:r[0-9]+$")).toList())
                .as("entries process does not have that are neither a reversal nor a revision").isEmpty();
        assertThat(standingVersionsAboveOne(streamed)).as("revenue months standing twice").isEmpty();
        Set<String> raised = streamedExceptions.stream().map(PipelineException::getExceptionId).collect(Collectors.toCollection(TreeSet::new));
        assertThat(raised).as("exceptions raised that process does not raise").isSubsetOf(batch.exceptionIds());
        assertThat(wrongAnswers).as("/accounts/{id} answers that were neither the contract process has nor 503 with Retry-After")
                .isEmpty();
    }

    // ------------------------------------------------------------------ interactive queries across the instances

    /**
     * Asks every instance for a sample of accounts (each must answer with the contract {@code process} has, forwarding
     * to the owner when it is not), then kills one and keeps asking the others while the group rebalances and restores:
     * each answer must be that contract or a 503 with Retry-After. Returns what was wrong.
     */
    private List<String> queryEveryInstanceThenDuringARebalance(BatchTruth batch, Random random) throws Exception {
        List<String> ids = new ArrayList<>(batch.contracts().keySet());
        java.util.Collections.shuffle(ids, random);
        List<String> sample = ids.subList(0, Math.min(40, ids.size()));
        List<String> wrong = new ArrayList<>();
        for (RunProcess instance : instances) {
            for (String id : sample) {
                HttpResponse<String> r = instance.account(id);
                if (r.statusCode() != 200 || !batch.sameContract(id, JSON.readTree(r.body()))) {
                    wrong.add("instance " + instance.index() + " " + id + ": " + r.statusCode() + " " + r.body());
                }
            }
        }
        RunProcess victim = instances.get(random.nextInt(INSTANCES));
        victim.kill();
        List<RunProcess> survivors = instances.stream().filter(i -> i != victim).toList();
        AccountAnswers during = AccountAnswers.askUntilAllAnswered(survivors, sample, batch, "by the survivors after the rebalance",
                Duration.ofMinutes(3));
        wrong.addAll(during.wrong());
        System.out.printf(Locale.ROOT, "queries: %d accounts from each of %d instances; after killing instance %d, %d answers "
                + "came from a standby and %d were 503 with Retry-After before the survivors answered all%n", sample.size(),
                INSTANCES, victim.index(), during.fromStandby(), during.unavailable());
        victim.start();
        return wrong;
    }

    // ------------------------------------------------------------------ comparisons

    private static boolean balanced(JournalEntry e) {
        long amount = 0;
        long functional = 0;
        for (JournalLine l : e.getLines()) {
            long sign = l.getSide() == Side.DEBIT ? 1 : -1;
            amount += sign * l.getAmountMinor();
            functional += sign * l.getFunctionalAmountMinor();
        }
        return amount == 0 && functional == 0;
    }

    private static Map<String, Long> balances(List<JournalEntry> journal) {
        Map<String, Long> out = new TreeMap<>();
        for (JournalEntry e : journal) {
            for (JournalLine l : e.getLines()) {
                long sign = l.getSide() == Side.DEBIT ? 1 : -1;
                add(out, e.getLegalEntity(), e.getAccountId(), l.getRole(), e.getCurrency(), e.getPostingPeriod(),
                        e.getFunctionalCurrency(), sign * l.getAmountMinor(), sign * l.getFunctionalAmountMinor());
            }
        }
        out.values().removeIf(v -> v == 0);
        return out;
    }

    private static Map<String, Long> balancesOfJson(List<JsonNode> journal) {
        Map<String, Long> out = new TreeMap<>();
        for (JsonNode e : journal) {
            for (JsonNode l : e.get("lines")) {
                long sign = "DEBIT".equals(l.get("side").asText()) ? 1 : -1;
                add(out, e.get("legalEntity").asText(), e.path("accountId").asText(null), l.get("role").asText(),
                        e.get("currency").asText(), e.get("postingPeriod").asText(), e.get("functionalCurrency").asText(),
                        sign * l.get("amountMinor").asLong(), sign * l.get("functionalAmountMinor").asLong());
            }
        }
        out.values().removeIf(v -> v == 0);
        return out;
    }

    private static void add(Map<String, Long> out, String entity, String account, String role, String currency, String period,
                            String functionalCurrency, long amount, long functional) {
        String key = entity + " " + account + " " + role + " " + period;
        out.merge(key + " " + currency, amount, Long::sum);
        out.merge(key + " " + functionalCurrency + " (functional)", functional, Long::sum);
    }

    private static boolean sameLines(JournalEntry streamed, JsonNode batch) {
        List<String> a = streamed.getLines().stream()
                .map(l -> l.getRole() + " " + l.getSide() + " " + l.getAmountMinor() + " " + l.getFunctionalAmountMinor())
                .sorted().toList();
        List<String> b = new ArrayList<>();
        batch.get("lines").forEach(l -> b.add(l.get("role").asText() + " " + l.get("side").asText() + " "
                + l.get("amountMinor").asLong() + " " + l.get("functionalAmountMinor").asLong()));
        return a.equals(b.stream().sorted().toList()) && streamed.getPostingPeriod().equals(batch.get("postingPeriod").asText());
    }

    /** Recognition entries whose base id stands (posted, not reversed) in more than one version. */
    private static List<String> standingVersionsAboveOne(List<JournalEntry> journal) {
        Set<String> reversed = journal.stream().map(JournalEntry::getReversesEntryId).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
        Map<String, Integer> standing = new HashMap<>();
        for (JournalEntry e : journal) {
            String id = e.getEntryId();
            if (id.contains(":REVENUE_RECOGNITION:") && !id.endsWith(":reversed") && !reversed.contains(id)) {
                standing.merge(id.replaceFirst(":r[0-9]+$", ""), 1, Integer::sum);
            }
        }
        return standing.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
    }

    // ------------------------------------------------------------------ helpers

    private static String longest(List<Duration> durations) {
        return durations.stream().max(Duration::compareTo).map(ExactlyOnceChaosIT::seconds).orElse("-");
    }

    private static String median(List<Duration> durations) {
        List<Duration> sorted = durations.stream().sorted().toList();
        return sorted.isEmpty() ? "-" : seconds(sorted.get(sorted.size() / 2));
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private long journalEnds(Set<String> erps) {
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        try {
            for (String erp : erps) {
                String topic = Topics.journal(erp);
                Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request = new HashMap<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    request.put(new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
                }
                cluster.admin().listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            }
        } catch (Exception e) {
            return 0;
        }
        return ends.values().stream().mapToLong(Long::longValue).sum();
    }

}
