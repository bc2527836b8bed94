package io.ledgerline.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a Kafka Streams client is created, with the lifecycle every command needs: SHUTDOWN_CLIENT on an
 * uncaught error (remembered, so callers can report the real cause), restoring partitions counted, waiting for
 * RUNNING, and a bounded close. The ledger pipeline gets its client through {@link AppRunner}; the GL-interface feed
 * and the bench's pass-through contender, which are other applications, use it directly.
 */
public final class StreamsRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamsRuntime.class);
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Set<TopicPartition> restoring = ConcurrentHashMap.newKeySet();
    private final RestoreRound restoreRound = new RestoreRound();
    private final boolean staticMember;
    /** Notified on every state change and on a failure, so waiting for RUNNING needs no polling. */
    private final Object stateChanged = new Object();

    private StreamsRuntime(Topology topology, Properties config) {
        this.streams = new KafkaStreams(topology, config);
        this.staticMember = config.getProperty(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) != null
                || config.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG) != null;
        streams.setUncaughtExceptionHandler(StreamsDefaults.shutdownClientOnUncaughtException(error -> {
            failure.compareAndSet(null, error);
            wake();
        }));
        streams.setStateListener((now, before) -> {
            // rare (start, rebalances, stop), and what an operator reads first after a restart
            log.info("Kafka Streams {} -> {}", before, now);
            wake();
        });
        streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
                restoreRound.started(partition);
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEnd, long restored) {
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long total) {
                restoreRound.ended(partition, total);
            }

            @Override
            public void onRestoreSuspended(TopicPartition partition, String store, long restored) {
                restoreRound.ended(partition, restored);
            }
        });
    }

    /**
     * One round of restoration: from the first changelog partition this instance starts restoring while none is, until
     * none is left; logged as one line with its records and duration (after a crash under exactly-once every task is
     * restored from its changelogs, so this is most of a restart).
     */
    private final class RestoreRound {
        private long startedNanos;
        private long records;
        private int partitions;

        synchronized void started(TopicPartition partition) {
            if (restoring.isEmpty()) {
                startedNanos = System.nanoTime();
                records = 0;
                partitions = 0;
            }
            restoring.add(partition);
        }

        synchronized void ended(TopicPartition partition, long restored) {
            if (!restoring.remove(partition)) {
                return;
            }
            records += restored;
            partitions++;
            if (restoring.isEmpty()) {
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
                // a fresh start "restores" every empty changelog: worth a line only when something came back
                if (records > 0) {
                    log.info("Restored {} changelog records into {} store partitions in {} ms", records, partitions, millis);
                } else {
                    log.debug("Restored nothing into {} store partitions in {} ms", partitions, millis);
                }
            }
        }
    }

    /** Changelog partitions whose state this instance is restoring now: it is not ready to answer queries for them. */
    public int restoringPartitions() {
        return restoring.size();
    }

    /** Creates and starts the client without waiting for it to be RUNNING (a rebalance may take a while). */
    public static StreamsRuntime start(Topology topology, Properties config) {
        return start(topology, config, false);
    }

    /**
     * As {@link #start(Topology, Properties)}, first deleting the application's local state if asked
     * ({@link KafkaStreams#cleanUp()}): everything is then restored from the changelogs.
     */
    static StreamsRuntime start(Topology topology, Properties config, boolean cleanUpFirst) {
        StreamsRuntime runtime = new StreamsRuntime(Objects.requireNonNull(topology), Objects.requireNonNull(config));
        if (cleanUpFirst) {
            runtime.streams.cleanUp();
        }
        runtime.streams.start();
        return runtime;
    }

    public KafkaStreams streams() {
        return streams;
    }

    private void wake() {
        synchronized (stateChanged) {
            stateChanged.notifyAll();
        }
    }

    /** Blocks until the client is RUNNING; fails at once, with the cause, when it dies first. */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            String reason = failureReason();
            if (reason != null) {
                throw new IllegalStateException(reason);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("Kafka Streams did not reach RUNNING within " + timeout + " (state "
                        + streams.state() + ")");
            }
            // the checks stay outside the lock (no lock order with Streams' own); bounded, so a change between the
            // check and the wait costs at most this long
            synchronized (stateChanged) {
                stateChanged.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
            }
        }
    }

    /** Why the client cannot carry on, or null while it is healthy (starting, rebalancing or running). */
    public String failureReason() {
        Throwable error = failure.get();
        if (error != null) {
            return "Kafka Streams failed: " + rootMessage(error);
        }
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                || state == KafkaStreams.State.PENDING_SHUTDOWN || state == KafkaStreams.State.NOT_RUNNING) {
            return "Kafka Streams stopped unexpectedly (state " + state + ")";
        }
        return null;
    }

    /** Closes the client; do it before stopping the broker, or it spends its timeout retrying a dead connection. */
    @Override
    public void close() {
        closeCleanly();
    }

    /** {@link #close()}, saying whether it was clean: closed within the timeout, after no uncaught error. */
    boolean closeCleanly() {
        return close(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
    }

    /**
     * Closes the client and leaves the group, so its partitions move to the other members at once instead of after
     * the session timeout (Streams stays in the group on close by default). Not for a static member
     * ({@code group.instance.id}), whose point is that a restart within the session timeout moves nothing.
     */
    public boolean closeLeavingGroup() {
        return close(staticMember ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP : CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    }

    /** The error's own message when it has no cause; else its class and the root cause's message. */
    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return root == error ? message : error.getClass().getSimpleName() + ": " + message;
    }

    /** @return whether the client closed within the timeout (its stores closed, its offsets committed) */
    private boolean close(CloseOptions.GroupMembershipOperation membership) {
        CloseOptions options = CloseOptions.timeout(CLOSE_TIMEOUT).withGroupMembershipOperation(membership);
        boolean closed = streams.close(options);
        if (!closed) {
            log.warn("Kafka Streams did not close within {}", CLOSE_TIMEOUT);
        }
        return closed && failure.get() == null;
    }
}
