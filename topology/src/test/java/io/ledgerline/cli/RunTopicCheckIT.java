package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.names.Topics;
import io.ledgerline.runtime.EmbeddedKafkaCluster;
import io.ledgerline.runtime.TopicRequirements;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run} checks the cluster's topics before it starts anything: a missing topic, a partition count that does not
 * line up and a topic with the broker's default settings are each named, with what to do; a correct set passes.
 */
class RunTopicCheckIT {

    private static EmbeddedKafkaCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedKafkaCluster.start();
        List<String> topics = new ArrayList<>(Topics.all(Set.of("netsuite")));
        topics.remove(Topics.ALERTS_LAG);
        topics.remove(Topics.CONTROL_CLOCK);
        topics.remove(Topics.DEADLETTER);
        cluster.createTopics(topics, 3);
        cluster.createTopics(List.of(Topics.CONTROL_CLOCK), 1);
        // created by hand with the broker's defaults: future timestamps refused after 1 h, 1 MiB records (the embedded
        // broker's own default retention is already unlimited)
        cluster.admin().createTopics(List.of(new NewTopic(Topics.DEADLETTER, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void runRefusesToStartAndNamesEveryMismatch() {
        RunCommand command = new RunCommand();
        command.environment = Map.of("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers(), "KAFKA_APPLICATION_ID", "ledgerline-check",
                "KAFKA_STATE_DIR", dir.toString(), "LEDGERLINE_SCHEMA_REGISTRY_URL", "http://127.0.0.1:1");
        StringWriter err = new StringWriter();
        int exit = new CommandLine(command).setErr(new PrintWriter(err)).execute();
        assertThat(exit).isEqualTo(LedgerlineCli.EXIT_USAGE);
        assertThat(err.toString())
                .contains("nothing was started")
                .contains("topic " + Topics.ALERTS_LAG + " does not exist")
                .contains("topic " + Topics.CONTROL_CLOCK + " has 1 partitions but " + Topics.RAW_BILLING_EVENTS + " says 3")
                .contains("topic " + Topics.DEADLETTER + " refuses records dated more than 3600000 ms ahead")
                .contains("topic " + Topics.DEADLETTER + " takes records up to max.message.bytes=1048588")
                .doesNotContain("topic " + Topics.CONTRACTS + " ");
    }

    @Test
    void topicsMadeAsLedgerlineNeedsThemPass() throws Exception {
        List<String> good = List.of(Topics.RAW_BILLING_EVENTS, Topics.CONTRACTS, Topics.journal("netsuite"));
        assertThat(TopicRequirements.problems(cluster.admin(), good, 3)).isEmpty();
        assertThat(TopicRequirements.problems(cluster.admin(), good, 4)).hasSize(3)
                .allMatch(p -> p.contains("has 3 partitions but ledgerline.partitions says 4"));
    }
}
