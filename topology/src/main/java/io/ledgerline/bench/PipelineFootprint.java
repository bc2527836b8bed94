package io.ledgerline.bench;

import java.time.Duration;
import java.util.List;

/**
 * What the pipeline holds once it has consumed the load.
 *
 * @param stores         the live state per store, read from the changelogs ({@link ChangelogCensus})
 * @param rocksDbBytes   bytes of the state directory on disk (RocksDB files before compaction, checkpoints)
 * @param changelogBytes bytes of the changelog topics' logs on the broker (one replica, before compaction)
 * @param heapUsedBytes  heap in use after a full GC, the in-JVM broker included
 * @param tick           the clock tick after the backlog: revenue recognition and SLA checks up to as-of
 * @param idleTick       a second tick in the same month: nothing left to recognize, waits and alerts judged again; what
 *                       each periodic tick of a running pipeline costs between month ends
 * @param restore        a new instance with an empty state directory: from {@code start()} to RUNNING
 */
public record PipelineFootprint(long accounts, List<ChangelogCensus.StoreState> stores, long rocksDbBytes,
                                long changelogBytes, long heapUsedBytes, Duration tick, Duration idleTick,
                                Duration restore) {

    public PipelineFootprint {
        stores = List.copyOf(stores);
    }

    /** Key and value bytes of every live key of every store. */
    public long liveStateBytes() {
        return stores.stream().mapToLong(ChangelogCensus.StoreState::liveBytes).sum();
    }

    /** Records a restore reads from the changelogs. */
    public long changelogRecords() {
        return stores.stream().mapToLong(ChangelogCensus.StoreState::records).sum();
    }

    public double liveStateBytesPerAccount() {
        return accounts == 0 ? 0 : liveStateBytes() / (double) accounts;
    }
}
