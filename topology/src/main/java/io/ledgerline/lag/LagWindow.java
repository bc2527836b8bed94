package io.ledgerline.lag;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** The last {@code size} observations of one group's partition: the sliding window the status rules judge. */
final class LagWindow {

    private final int size;
    private final Deque<Observation> observations = new ArrayDeque<>();

    LagWindow(int size) {
        if (size < 2) {
            throw new IllegalArgumentException("a lag window needs at least 2 observations, got " + size);
        }
        this.size = size;
    }

    void add(Observation observation) {
        observations.addLast(observation);
        if (observations.size() > size) {
            observations.removeFirst();
        }
    }

    boolean full() {
        return observations.size() == size;
    }

    /** The latest observation, if any. */
    Optional<Observation> last() {
        return Optional.ofNullable(observations.peekLast());
    }

    /** Oldest first. */
    List<Observation> observations() {
        return List.copyOf(observations);
    }
}
