package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ledgerline.names.Topics;
import io.ledgerline.runtime.EmbeddedKafkaCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code reset} against a real broker: an application that has consumed its input (committed offsets), owns an
 * internal topic and a local state directory. Without {@code --yes} it refuses; {@code --dry-run} lists what it would
 * reset and changes nothing; {@code --yes} moves the offsets to the earliest and deletes the internal topic and the
 * state.
 */
class ResetCommandIT {

    private static final String APP = "ledgerline-reset-it";
    private static final String INTERNAL = APP + "-ledger-invoices-changelog";
    private static final TopicPartition STRIPE = new TopicPartition(Topics.RAW_BILLING_EVENTS, 0);
    private static EmbeddedKafkaCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        cluster = EmbeddedKafkaCluster.start();
        cluster.createTopics(Topics.all(Set.of()), 1);
    }

    @AfterAll
    static void stopBroker() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private Run reset(String... args) throws Exception {
        Path config = dir.resolve("reset.properties");
        Files.writeString(config, "bootstrap.servers=" + cluster.bootstrapServers() + "\napplication.id=" + APP
                + "\nstate.dir=" + dir.resolve("state") + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 3];
        all[0] = "reset";
        all[1] = "--config";
        all[2] = config.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        int exit = new CommandLine(new LedgerlineCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    private long committed() throws Exception {
        OffsetAndMetadata offset = cluster.admin().listConsumerGroupOffsets(APP).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS).get(STRIPE);
        return offset == null ? -1 : offset.offset();
    }

    private boolean internalTopicExists() throws Exception {
        return cluster.admin().listTopics().names().get(30, TimeUnit.SECONDS).contains(INTERNAL);
    }

    @Test
    void dryRunListsWhatItWouldResetAndYesResetsIt() throws Exception {
        Map<String, Object> producerConfig = new HashMap<>(cluster.clientConfig());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(STRIPE.topic(), 0, null, "{}")).get();
            }
        }
        cluster.admin().alterConsumerGroupOffsets(APP, Map.of(STRIPE, new OffsetAndMetadata(3))).all().get(30, TimeUnit.SECONDS);
        cluster.admin().createTopics(List.of(new NewTopic(INTERNAL, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        Path task = Files.createDirectories(dir.resolve("state").resolve(APP).resolve("0_0"));
        Files.writeString(task.resolve(".checkpoint"), "0\n");

        Run refused = reset();
        assertThat(refused.exit()).isEqualTo(LedgerlineCli.EXIT_USAGE);
        assertThat(refused.err()).contains("--dry-run").contains("--yes");

        Run dry = reset("--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Would reset application " + APP).contains(Topics.RAW_BILLING_EVENTS)
                .contains(INTERNAL).contains("Would delete local state " + dir.resolve("state").resolve(APP))
                .contains("nothing was changed");
        assertThat(committed()).isEqualTo(3);
        assertThat(internalTopicExists()).isTrue();
        assertThat(task).exists();

        Run done = reset("--yes");
        assertThat(done.exit()).as(done.out() + done.err()).isZero();
        assertThat(committed()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> !internalTopicExists());
        assertThat(dir.resolve("state").resolve(APP)).doesNotExist();
    }
}
