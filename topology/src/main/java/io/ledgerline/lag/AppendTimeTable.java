package io.ledgerline.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The times at which the monitor first saw a partition's last stable offset move: points of (end offset, first seen).
 * Records here carry business time as their timestamp (an invoice of last January), so on a topic without
 * {@code LogAppendTime} the only append time there is, is when the record became visible to a read_committed
 * consumer: record {@code o} was first seen at the first point whose end offset is past {@code o}.
 *
 * <p>A point is added only when the end moves, so an idle partition adds nothing. When the table is full, every second
 * inner point is dropped and its successor marked as following a gap: only there is the time interpolated, linearly
 * between the two neighbouring points. An offset below the first point was appended before the monitor looked, at a
 * time that is not extrapolated: the first point's time is reported as the latest it can have been.
 */
final class AppendTimeTable {

    static final int DEFAULT_CAPACITY = 512;

    private record Point(long end, Instant firstSeen, boolean afterGap) {
    }

    private final int capacity;
    private final List<Point> points = new ArrayList<>();

    AppendTimeTable() {
        this(DEFAULT_CAPACITY);
    }

    AppendTimeTable(int capacity) {
        if (capacity < 3) {
            throw new IllegalArgumentException("an append-time table needs room for 3 points, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Records the partition's last stable offset as seen at {@code now}. */
    void observe(long end, Instant now) {
        Point last = points.isEmpty() ? null : points.get(points.size() - 1);
        if (last != null && end == last.end()) {
            return;
        }
        if (last != null && end < last.end()) {
            // the partition was truncated or its topic recreated: the old points describe other records
            points.clear();
        }
        points.add(new Point(end, now, false));
        if (points.size() > capacity) {
            thin();
        }
    }

    /** When record {@code offset} was appended; empty when the table has no point past it (not appended yet). */
    Optional<AppendTime> appendTimeOf(long offset) {
        int next = firstPointPast(offset);
        if (next < 0) {
            return Optional.empty();
        }
        Point after = points.get(next);
        if (next == 0) {
            return Optional.of(new AppendTime(after.firstSeen(), AppendTime.Source.BEFORE_MONITORING));
        }
        if (!after.afterGap()) {
            return Optional.of(new AppendTime(after.firstSeen(), AppendTime.Source.FIRST_SEEN));
        }
        // records [before.end, after.end) appeared in (before.firstSeen, after.firstSeen]
        Point before = points.get(next - 1);
        double share = (double) (offset + 1 - before.end()) / (after.end() - before.end());
        long spanNanos = Duration.between(before.firstSeen(), after.firstSeen()).toNanos();
        Instant at = before.firstSeen().plusNanos(Math.round(share * spanNanos));
        return Optional.of(new AppendTime(at, AppendTime.Source.INTERPOLATED));
    }

    /** Drops the points no offset at or above {@code logStart} needs (keeping the one that brackets it from below). */
    void forgetBelow(long logStart) {
        int drop = 0;
        while (drop + 1 < points.size() && points.get(drop + 1).end() <= logStart) {
            drop++;
        }
        points.subList(0, drop).clear();
    }

    int size() {
        return points.size();
    }

    private int firstPointPast(long offset) {
        int low = 0;
        int high = points.size() - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (points.get(mid).end() > offset) {
                found = mid;
                high = mid - 1;
            } else {
                low = mid + 1;
            }
        }
        return found;
    }

    // keeps the first and the last point, and every second one in between
    private void thin() {
        List<Point> kept = new ArrayList<>(points.size() / 2 + 2);
        kept.add(points.get(0));
        for (int i = 1; i < points.size() - 1; i++) {
            if (i % 2 == 0) {
                Point p = points.get(i);
                kept.add(new Point(p.end(), p.firstSeen(), true));
            }
        }
        Point last = points.get(points.size() - 1);
        // with an odd count the point before the last one was dropped
        kept.add(new Point(last.end(), last.firstSeen(), last.afterGap() || points.size() % 2 == 1));
        points.clear();
        points.addAll(kept);
    }
}
