package io.ledgerline.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline clock of a long-running instance: it moves the pipeline to wall-clock instant T (revenue recognition
 * for the months ended by T, waits judged against their grace at T) only once the application has processed every
 * record that was in its input at T, including what those records produced in its repartition topics.
 *
 * <p>A timer on each task would recognize months while a refund or a payment is still in a backlog (after an outage,
 * during a catch-up, or merely in another partition's task) and book the refund's split, or raise the wait, by when a
 * machine happened to be busy; ticking behind a barrier makes every amount a function of the input alone, as in
 * {@code process}. The barrier takes {@code hops} rounds: each round snapshots the stable end offsets of every topic
 * the group consumes and waits until the group's committed offsets have reached them, so after as many rounds as the
 * topology has sub-topology hops, everything derived from the input at T has been processed.
 */
public final class CaughtUpClock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CaughtUpClock.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final DrainWatcher watcher;
    private final Clock clock;
    private final int hops;
    private final BiConsumer<Instant, Duration> tick;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ledgerline-caught-up-clock");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private volatile Instant lastTick;

    /**
     * @param clientConfig  at least {@code bootstrap.servers}
     * @param applicationId the application's consumer group
     * @param inputTopics   its user source topics
     * @param hops          how many sub-topology hops the longest path of the topology has
     * @param tick          moves the pipeline clock (e.g. {@link ClockTicks#send}); receives T and how long the barrier took
     */
    public CaughtUpClock(Map<String, Object> clientConfig, String applicationId, Set<String> inputTopics, int hops,
                         Clock clock, BiConsumer<Instant, Duration> tick) {
        if (hops < 1) {
            throw new IllegalArgumentException("hops must be at least 1, got " + hops);
        }
        this.watcher = new DrainWatcher(clientConfig, applicationId, inputTopics);
        this.clock = Objects.requireNonNull(clock);
        this.hops = hops;
        this.tick = Objects.requireNonNull(tick);
    }

    /** Ticks every {@code interval}, the first time right away. */
    public CaughtUpClock start(Duration interval) {
        timer.scheduleWithFixedDelay(this::tickSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The instant the pipeline clock was last moved to, null before the first tick. */
    public Instant lastTick() {
        return lastTick;
    }

    private void tickSafely() {
        try {
            tickOnce();
        } catch (RuntimeException e) {
            // the broker may be briefly unavailable: the next round tries again, the clock only stands still meanwhile
            log.warn("the pipeline clock could not move: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One barrier and tick; returns false when closed before the barrier was passed. */
    boolean tickOnce() throws InterruptedException {
        Instant at = clock.instant();
        long started = System.nanoTime();
        for (int round = 0; round < hops; round++) {
            Map<TopicPartition, Long> ends = watcher.stableEnds();
            while (!watcher.consumedThrough(ends)) {
                if (closed) {
                    return false;
                }
                Thread.sleep(POLL.toMillis());
            }
        }
        if (closed) {
            return false;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        tick.accept(at, took);
        lastTick = at;
        log.debug("pipeline clock moved to {} after a {} barrier", at, took);
        return true;
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watcher.close();
    }
}
