package io.ledgerline.demo;

import io.ledgerline.runtime.ExportFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until Connect has written every line of every export file into its raw topic. FileStreamSource tails its file
 * forever and never says "done", and an empty raw topic would look drained to the Streams side: so the demo first
 * waits for the records, then for the pipeline.
 */
final class ConnectDelivery {

    private static final Duration POLL = Duration.ofMillis(100);

    private ConnectDelivery() {
    }

    /** Records each raw topic must hold: the non-blank lines of its file. */
    static Map<String, Long> expected(Map<String, Path> filesByTopic) {
        Map<String, Long> expected = new TreeMap<>();
        filesByTopic.forEach((topic, file) -> expected.put(topic, ExportFiles.recordCount(file)));
        return expected;
    }

    /** Blocks until every topic's end offsets add up to at least its expected count; reports progress each second. */
    static Map<String, Long> await(Admin admin, Map<String, Long> expected, Duration timeout, Consumer<String> progress)
            throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long lastReport = started;
        try {
            List<TopicPartition> partitions = partitionsOf(admin, expected.keySet());
            while (true) {
                Map<String, Long> written = recordsIn(admin, partitions);
                boolean complete = expected.entrySet().stream()
                        .allMatch(e -> written.getOrDefault(e.getKey(), 0L) >= e.getValue());
                if (complete) {
                    return written;
                }
                long now = System.nanoTime();
                if (now - lastReport >= TimeUnit.SECONDS.toNanos(1)) {
                    progress.accept(String.format(Locale.ROOT, "  %5.1fs  Connect delivered %s",
                            (now - started) / 1e9, describe(written, expected)));
                    lastReport = now;
                }
                if (now > deadline) {
                    throw new IllegalStateException("Connect did not deliver the export files within " + timeout
                            + ": " + describe(written, expected));
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot read the raw topics' offsets: " + e.getMessage(), e);
        }
    }

    private static String describe(Map<String, Long> written, Map<String, Long> expected) {
        return expected.entrySet().stream()
                .map(e -> e.getKey() + " " + written.getOrDefault(e.getKey(), 0L) + "/" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static List<TopicPartition> partitionsOf(Admin admin, Set<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                .get(30, TimeUnit.SECONDS);
        return descriptions.values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
    }

    private static Map<String, Long> recordsIn(Admin admin, List<TopicPartition> partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<String, Long> written = new TreeMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, info) -> written.merge(tp.topic(), info.offset(), Long::sum));
        return written;
    }
}
