package io.ledgerline.lag;

import java.util.List;

/**
 * Burrow's window rules, judged over a {@link LagWindow} of polls instead of Burrow's window of commits (Kafka's Admin
 * API shows committed offsets, not when they were committed). "Committing" is read as "a live member owns the
 * partition": the only sign of a working consumer the group coordinator gives. In order:
 * <ol>
 *   <li>REWIND: the committed offset went backwards between two observations of the window;</li>
 *   <li>OK: the lag was zero at some observation of the window (a caught-up or idle partition never alarms);</li>
 *   <li>OK while the window is not full: no judgement on a partition just seen;</li>
 *   <li>STALL or STOP: behind and the committed offset never moved over the window, with (STALL) or without (STOP) a
 *       member owning the partition now;</li>
 *   <li>WARN: the committed offset moved but the lag never fell and ended higher than it started;</li>
 *   <li>OK otherwise (moving and catching up, or holding its own).</li>
 * </ol>
 * ERR (unreadable offsets, data loss) is decided by the monitor before these rules.
 */
final class StatusRules {

    private StatusRules() {
    }

    record Evaluation(LagStatus status, Trend trend) {
    }

    static Evaluation evaluate(LagWindow window) {
        List<Observation> seen = window.observations();
        if (seen.isEmpty()) {
            return new Evaluation(LagStatus.OK, Trend.FLAT);
        }
        Observation first = seen.get(0);
        Observation last = seen.get(seen.size() - 1);
        Trend trend = Trend.between(first.lag(), last.lag());
        return new Evaluation(status(seen, window.full(), first, last), trend);
    }

    private static LagStatus status(List<Observation> seen, boolean full, Observation first, Observation last) {
        boolean lagNeverFell = true;
        for (int i = 1; i < seen.size(); i++) {
            if (seen.get(i).committed() < seen.get(i - 1).committed()) {
                return LagStatus.REWIND;
            }
            lagNeverFell &= seen.get(i).lag() >= seen.get(i - 1).lag();
        }
        if (seen.stream().anyMatch(o -> o.lag() == 0) || !full) {
            return LagStatus.OK;
        }
        if (last.committed() == first.committed()) {
            return last.owned() ? LagStatus.STALL : LagStatus.STOP;
        }
        return lagNeverFell && last.lag() > first.lag() ? LagStatus.WARN : LagStatus.OK;
    }
}
