package io.ledgerline.lag;

/**
 * How a group consumes one partition (or, as the worst of its partitions, a whole group), in the spirit of Burrow's
 * window rules. The order is the severity: a group's status is its worst partition's, and the status gauge's value is
 * the ordinal.
 */
public enum LagStatus {
    /** Caught up at some point of the window, or moving and not falling further behind. */
    OK,
    /** Committing and moving, but the lag grew over the whole window. */
    WARN,
    /** The committed offset went backwards within the window (a reset or a replay). */
    REWIND,
    /** Behind, a live member owns the partition, and the committed offset has not moved over the window. */
    STALL,
    /** Behind, no member owns the partition, and the committed offset has not moved over the window. */
    STOP,
    /** The offsets could not be read, or the committed offset lies below the log start (data loss). */
    ERR;

    LagStatus worst(LagStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
