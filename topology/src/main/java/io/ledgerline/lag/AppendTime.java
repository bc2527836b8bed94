package io.ledgerline.lag;

import java.time.Instant;

/**
 * When a record was appended to its partition, and how the monitor knows.
 *
 * @param at     the append time (for {@link Source#BEFORE_MONITORING}, the latest it can have been)
 * @param source where the time comes from
 */
public record AppendTime(Instant at, Source source) {

    public enum Source {
        /** The record's own timestamp, on a topic with {@code message.timestamp.type=LogAppendTime}. */
        LOG_APPEND_TIME,
        /** The first poll at which the record was below the partition's last stable offset. */
        FIRST_SEEN,
        /** Between two table points whose polls in between were thinned out of the table. */
        INTERPOLATED,
        /** The record was there before the monitor's first look: the age is at least now minus that look. */
        BEFORE_MONITORING
    }
}
