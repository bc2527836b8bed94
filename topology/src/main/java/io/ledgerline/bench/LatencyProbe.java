package io.ledgerline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.names.Topics;
import io.ledgerline.runtime.ExportFileReplayer;
import io.ledgerline.runtime.AppRunner;
import io.ledgerline.serdes.SerdeCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * End-to-end latency under a steady load below the maximum: master data and CRM records are loaded and consumed
 * first (they are at rest in a running estate), then the Stripe events are sent at a fixed rate while a
 * {@code read_committed} consumer watches the journal topics. The latency of an event is the time from its send to
 * the first journal entry that names it as its source; events that post no entry (customers, subscriptions,
 * duplicates) have none.
 */
final class LatencyProbe {

    /** Latency percentiles in milliseconds over {@code samples} events. */
    record Latency(double offeredRecordsPerSecond, double achievedRecordsPerSecond, long eventsSent, long samples,
                   double p50Millis, double p99Millis, double p999Millis, double maxMillis) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(2);

    private LatencyProbe() {
    }

    /**
     * @param rate       Stripe events per second to offer
     * @param maxEvents  at most this many Stripe events are sent (the probe lasts about {@code maxEvents / rate})
     */
    static Latency measure(BenchRound round, double rate, long maxEvents, Consumer<String> progress) throws Exception {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + rate);
        }
        String applicationId = "bench-latency";
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> journaledAt = new ConcurrentHashMap<>();
        try (AppRunner pipeline = round.startPipeline(applicationId);
             KafkaProducer<byte[], byte[]> producer = producer(round.clientConfig())) {
            Path input = round.load().directory();
            for (Map.Entry<Path, String> file : ExportFileReplayer.filesToReplay(input).entrySet()) {
                if (!file.getValue().equals(Topics.RAW_BILLING_EVENTS)) {
                    ExportFileReplayer.forEachRecord(file.getKey(), file.getValue(), producer::send);
                }
            }
            producer.flush();
            round.awaitPipelineDrained(pipeline);
            progress.accept(String.format(Locale.ROOT, "    master data and CRM consumed; offering %,.0f Stripe events/s", rate));

            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Exception> watcherFailure = new AtomicReference<>();
            Thread watcher = new Thread(() -> watchJournals(round, journaledAt, stop, watcherFailure), "bench-journal-watcher");
            watcher.start();
            long started = System.nanoTime();
            long sent = 0;
            List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
            ExportFileReplayer.forEachRecord(input.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE), Topics.RAW_BILLING_EVENTS, r -> {
                if (events.size() < maxEvents) {
                    events.add(r);
                }
            });
            for (ProducerRecord<byte[], byte[]> event : events) {
                long due = started + (long) (sent * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                String id = eventId(event.value());
                long at = System.nanoTime();
                producer.send(event);
                if (id != null) {
                    sentAt.putIfAbsent(id, at);
                }
                sent++;
            }
            producer.flush();
            double achieved = sent / ((System.nanoTime() - started) / 1e9);
            round.awaitPipelineDrained(pipeline);
            // the last entries are committed once drained; give the watcher a moment beyond that to see them
            long seenBy = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
            int stable = 0;
            int last = -1;
            while (stable < 10 && System.nanoTime() < seenBy) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                int now = journaledAt.size();
                stable = now == last ? stable + 1 : 0;
                last = now;
            }
            stop.set(true);
            watcher.join();
            if (watcherFailure.get() != null) {
                throw watcherFailure.get();
            }
            long[] latencies = journaledAt.entrySet().stream()
                    .filter(e -> sentAt.containsKey(e.getKey()))
                    .mapToLong(e -> e.getValue() - sentAt.get(e.getKey()))
                    .sorted().toArray();
            if (latencies.length == 0) {
                throw new IllegalStateException("No journal entry named an event sent during the latency probe");
            }
            return new Latency(rate, achieved, sent, latencies.length, millis(percentile(latencies, 0.50)),
                    millis(percentile(latencies, 0.99)), millis(percentile(latencies, 0.999)),
                    millis(latencies[latencies.length - 1]));
        }
    }

    private static void watchJournals(BenchRound round, Map<String, Long> journaledAt, AtomicBoolean stop,
                                      AtomicReference<Exception> failure) {
        Map<String, Object> config = new HashMap<>(round.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-latency-watcher");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000);
        try (Deserializer<JournalEntry> entries = new SerdeCatalog(round.serdeConfig()).avro(JournalEntry.class).deserializer();
             KafkaConsumer<String, JournalEntry> consumer = new KafkaConsumer<>(config, new StringDeserializer(), entries)) {
            consumer.subscribe(Pattern.compile(Topics.JOURNAL_PATTERN));
            while (!stop.get()) {
                var records = consumer.poll(Duration.ofMillis(20));
                long at = System.nanoTime();
                for (ConsumerRecord<String, JournalEntry> record : records) {
                    if (record.value() != null && record.value().getSource() != null) {
                        journaledAt.putIfAbsent(record.value().getSource().getEventId(), at);
                    }
                }
            }
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BYTES);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static String eventId(byte[] raw) {
        try {
            JsonNode id = JSON.readTree(raw).get("id");
            return id == null || !id.isTextual() ? null : id.asText();
        } catch (IOException e) {
            return null;
        }
    }

    static long percentile(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    static String describe(Latency l) {
        return String.format(Locale.ROOT, "p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms over %,d events (%,.0f/s offered, %,.0f/s sent)",
                l.p50Millis(), l.p99Millis(), l.p999Millis(), l.samples(), l.offeredRecordsPerSecond(), l.achievedRecordsPerSecond());
    }
}
