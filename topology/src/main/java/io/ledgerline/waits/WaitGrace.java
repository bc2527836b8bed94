package io.ledgerline.waits;

import io.ledgerline.state.ParkedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long an event may wait for another event (a payment for its invoice, a billing customer for its crosswalk)
 * before it is raised as an exception, and from when that time counts.
 *
 * <p>In {@code process} the clock moves only once the input is complete, so anything still missing will not come:
 * a wait counts from when its event happened. A running pipeline cannot tell a missing event from one still in
 * flight (a refund read before its payment from another partition, an input replayed after an outage), so there a
 * wait counts from when it began on the pipeline clock, and never before its event happened: otherwise every
 * historical event read a second ahead of its counterpart would be raised at the next tick.
 */
public record WaitGrace(Duration length, boolean fromParking) {

    public static final Duration DEFAULT_LENGTH = Duration.ofHours(24);

    public WaitGrace {
        Objects.requireNonNull(length, "length");
        if (length.isNegative()) {
            throw new IllegalArgumentException("the wait grace must not be negative, got " + length);
        }
    }

    /** For a complete input ({@code process}): a wait counts from its event's business time. */
    public static WaitGrace fromEventTime(Duration length) {
        return new WaitGrace(length, false);
    }

    /** For a running pipeline: a wait counts from when it began, never before its event happened. */
    public static WaitGrace fromParking(Duration length) {
        return new WaitGrace(length, true);
    }

    public WaitGrace withLength(Duration newLength) {
        return new WaitGrace(newLength, fromParking);
    }

    /** When the wait started counting. */
    public Instant start(ParkedEvent wait) {
        return start(wait.getEvent().getEventTime(), wait.getParkedAt());
    }

    /** When a wait that began with {@code happened} and was first seen at {@code observed} starts counting. */
    public Instant start(Instant happened, Instant observed) {
        return fromParking && observed.isAfter(happened) ? observed : happened;
    }

    public boolean overdue(ParkedEvent wait, Instant now) {
        return !now.isBefore(start(wait).plus(length));
    }
}
