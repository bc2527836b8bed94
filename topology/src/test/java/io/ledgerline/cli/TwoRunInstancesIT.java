package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.names.Topics;
import io.ledgerline.runtime.ClockTicks;
import io.ledgerline.runtime.Drain;
import io.ledgerline.runtime.DrainWatcher;
import io.ledgerline.runtime.EmbeddedKafkaCluster;
import io.ledgerline.runtime.ExportFileReplayer;
import io.ledgerline.runtime.ExportFiles;
import io.ledgerline.testsupport.AccountAnswers;
import io.ledgerline.testsupport.BatchTruth;
import io.ledgerline.testsupport.RunGroup;
import io.ledgerline.testsupport.RunProcess;
import io.ledgerline.topology.LedgerlineTopology;
import io.ledgerline.topology.TopologySettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of {@code run}, separate OS processes of one application on one broker, over the basic fixtures: either
 * instance answers {@code /accounts/{id}} for every account with the contract {@code process} has (from its own store,
 * or forwarded once to the owner, whose answer names it in {@code Ledgerline-Instance}). Then one instance is killed
 * (SIGKILL) and later restarted, two rebalances: meanwhile every answer either instance gives is that contract (from the
 * active or, saying so, a standby) or a 503 with {@code Retry-After}, never a 404, an empty or another account's state.
 */
class TwoRunInstancesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("..", "fixtures", "basic");
    private static final Path JAR = Path.of("target/ledgerline.jar");
    private static final String APPLICATION_ID = "ledgerline-two";
    private static final int PARTITIONS = 6;
    private static final Duration WITHIN = Duration.ofMinutes(2);

    @TempDir
    Path work;

    private RunGroup group;
    private List<RunProcess> instances = List.of();

    @AfterEach
    void stop() throws InterruptedException {
        if (group != null) {
            group.close();
        }
    }

    @Test
    void eitherInstanceAnswersEveryAccountAndNoAnswerDuringARebalanceIsWrong() throws Exception {
        assertThat(JAR).as("the packaged jar (mvn verify packages it before the integration tests)").isRegularFile();
        Set<String> erps = ExportFiles.erpsOf(FIXTURES.resolve(ExportFileReplayer.ERP_MASTERDATA_FILE));
        group = new RunGroup(JAR, work, APPLICATION_ID, erps, PARTITIONS);
        EmbeddedKafkaCluster cluster = group.cluster();
        Map<String, Object> serde = group.serdeConfig();
        for (int i = 0; i < 2; i++) {
            group.add(Map.of()).start();
        }
        instances = group.instances();
        for (RunProcess instance : instances) {
            await("instance " + instance.index() + " ready").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(instance::ready);
        }

        new ExportFileReplayer(cluster.clientConfig()).replay(FIXTURES);
        Set<String> sources = Drain.sourceTopics(new LedgerlineTopology(TopologySettings.onTicks(serde)).build(),
                new TreeSet<>(Topics.all(erps)));
        Instant asOf = Instant.now();
        try (DrainWatcher watcher = new DrainWatcher(cluster.clientConfig(), APPLICATION_ID, sources)) {
            assertThat(watcher.awaitDrained(Duration.ofMinutes(3)).drained()).as("the fixtures consumed").isTrue();
            // one tick at the batch truth's as-of, so both books have recognized the same months
            ClockTicks.send(cluster.clientConfig(), serde, asOf);
            assertThat(watcher.awaitDrained(Duration.ofMinutes(2)).drained()).as("the tick consumed").isTrue();
        }
        BatchTruth truth = BatchTruth.of(JAR, FIXTURES, work, asOf, erps);
        List<String> accounts = new ArrayList<>(truth.contracts().keySet());
        assertThat(accounts).as("accounts of the basic fixtures").hasSizeGreaterThanOrEqualTo(6);

        // every account from either instance, answered by the same owner whichever was asked
        Map<String, String> owners = new TreeMap<>();
        for (RunProcess asked : instances) {
            for (String id : accounts) {
                HttpResponse<String> r = asked.account(id);
                assertThat(r.statusCode()).as("instance %d on %s: %s", asked.index(), id, r.body()).isEqualTo(200);
                assertThat(truth.sameContract(id, JSON.readTree(r.body()))).as("instance %d on %s: %s", asked.index(), id, r.body()).isTrue();
                String owner = r.headers().firstValue("Ledgerline-Instance").orElse(null);
                assertThat(owner).as("instance %d on %s names the instance that answered", asked.index(), id).isNotNull();
                assertThat(owners.putIfAbsent(id, owner)).as("owner of %s as both instances see it", id).isIn(null, owner);
            }
        }

        RunProcess killed = instances.get(1);
        RunProcess survivor = instances.get(0);
        killed.kill();
        AccountAnswers afterKill = AccountAnswers.askUntilAllAnswered(List.of(survivor), accounts, truth, "after the SIGKILL of instance 1", WITHIN);
        long restarted = System.nanoTime();
        killed.start();
        AccountAnswers afterRestart = AccountAnswers.askUntilAllAnswered(instances, accounts, truth, "while instance 1 restarts and rejoins", WITHIN);
        await("instance 1 ready again").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(killed::ready);
        Duration restart = Duration.ofNanos(System.nanoTime() - restarted);
        AccountAnswers rejoined = AccountAnswers.askUntilAllAnswered(instances, accounts, truth, "after instance 1 rejoined", WITHIN);

        System.out.printf(Locale.ROOT, "two instances: %d accounts, owners %s; after the kill %s; during the restart %s; "
                        + "instance 1 ready %.1f s after its restart; then %s%n", accounts.size(), owners, afterKill, afterRestart,
                restart.toMillis() / 1000.0, rejoined);
        List<String> wrong = new ArrayList<>();
        wrong.addAll(afterKill.wrong());
        wrong.addAll(afterRestart.wrong());
        wrong.addAll(rejoined.wrong());
        assertThat(wrong).as("answers that were neither the contract process has nor 503 with Retry-After").isEmpty();
    }
}
