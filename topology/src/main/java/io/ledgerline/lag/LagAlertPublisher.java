package io.ledgerline.lag;

import io.ledgerline.ops.LagAlert;
import io.ledgerline.serdes.SerdeCatalog;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes lag alerts to their topic, keyed by alert id so a compacted topic keeps each condition's latest state. */
final class LagAlertPublisher implements Consumer<LagAlert>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LagAlertPublisher.class);

    private final KafkaProducer<String, LagAlert> producer;
    private final String topic;

    /**
     * @param clientConfig at least {@code bootstrap.servers}
     * @param serdeConfig  the schema registry settings, as the pipeline's own producers use them
     */
    LagAlertPublisher(Map<String, Object> clientConfig, Map<String, Object> serdeConfig, String topic) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ledgerline-lag-monitor-alerts");
        this.producer = new KafkaProducer<>(config, new StringSerializer(),
                new SerdeCatalog(serdeConfig).avro(LagAlert.class).serializer());
        this.topic = topic;
    }

    @Override
    public void accept(LagAlert alert) {
        log.info("lag alert {} {}: {}", alert.getStatus(), alert.getAlertId(), alert.getMessage());
        producer.send(new ProducerRecord<>(topic, alert.getAlertId(), alert), (metadata, e) -> {
            if (e != null) {
                log.warn("Cannot write lag alert {} to {}: {}", alert.getAlertId(), topic, e.toString());
            }
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
