package io.ledgerline.lag;

import java.time.Instant;

/**
 * One poll's look at a group's partition.
 *
 * @param committed the group's committed offset
 * @param lag       offset lag against the last stable offset (never negative)
 * @param owned     whether a live member of the group has the partition assigned
 */
record Observation(Instant at, long committed, long lag, boolean owned) {
}
