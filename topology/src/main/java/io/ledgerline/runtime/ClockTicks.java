package io.ledgerline.runtime;

import io.ledgerline.canonical.ClockTick;
import io.ledgerline.serde.AvroSerializer;
import io.ledgerline.names.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Moves the pipeline's clock: one {@link ClockTick} per partition of {@link Topics#CONTROL_CLOCK}, so every task sees
 * the clock reach the instant (revenue recognition for the months ended by then, SLA checks).
 */
public final class ClockTicks {

    private ClockTicks() {
    }

    /**
     * @param clientConfig at least {@code bootstrap.servers}
     * @param serdeConfig  the topology's serde settings (schema registry)
     */
    public static void send(Map<String, Object> clientConfig, Map<String, Object> serdeConfig, Instant at) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        AvroSerializer<ClockTick> serializer = new AvroSerializer<>();
        serializer.configure(serdeConfig, false);
        try (KafkaProducer<String, ClockTick> producer = new KafkaProducer<>(config, new StringSerializer(), serializer)) {
            int partitions = producer.partitionsFor(Topics.CONTROL_CLOCK).size();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int partition = 0; partition < partitions; partition++) {
                sent.add(producer.send(new ProducerRecord<>(Topics.CONTROL_CLOCK, partition, null, null,
                        new ClockTick(at, null))));
            }
            for (Future<RecordMetadata> result : sent) {
                result.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending clock ticks", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot send clock ticks to " + Topics.CONTROL_CLOCK + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }
}
