package io.ledgerline.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusRulesTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    /** A full window of 4 from (committed, lag) pairs. */
    private static StatusRules.Evaluation judge(boolean owned, long... committedAndLag) {
        LagWindow window = new LagWindow(committedAndLag.length / 2);
        for (int i = 0; i < committedAndLag.length; i += 2) {
            window.add(new Observation(T0.plusSeconds(i), committedAndLag[i], committedAndLag[i + 1], owned));
        }
        return StatusRules.evaluate(window);
    }

    @Test
    void movingWithTheLagGrowingOverTheWholeWindowIsWarn() {
        assertThat(judge(true, 10, 5, 12, 8, 15, 8, 20, 12))
                .isEqualTo(new StatusRules.Evaluation(LagStatus.WARN, Trend.RISING));
    }

    @Test
    void movingAndCatchingUpIsOkAndFalling() {
        assertThat(judge(true, 10, 50, 20, 60, 40, 45, 60, 30))
                .isEqualTo(new StatusRules.Evaluation(LagStatus.OK, Trend.FALLING));
    }

    @Test
    void anyZeroLagInTheWindowIsOk() {
        assertThat(judge(true, 10, 0, 10, 5, 10, 9, 10, 12).status()).isEqualTo(LagStatus.OK);
    }

    @Test
    void notMovingWhileBehindIsStallWithAnOwnerAndStopWithout() {
        assertThat(judge(true, 10, 5, 10, 7, 10, 9, 10, 9).status()).isEqualTo(LagStatus.STALL);
        assertThat(judge(false, 10, 5, 10, 5, 10, 5, 10, 5).status()).isEqualTo(LagStatus.STOP);
    }

    @Test
    void aCommittedOffsetGoingBackwardsIsRewind() {
        assertThat(judge(true, 100, 0, 100, 0, 20, 80, 25, 75).status()).isEqualTo(LagStatus.REWIND);
    }

    @Test
    void noJudgementBeforeTheWindowIsFull() {
        LagWindow window = new LagWindow(4);
        window.add(new Observation(T0, 10, 5, false));
        window.add(new Observation(T0.plusSeconds(1), 10, 9, false));

        assertThat(StatusRules.evaluate(window)).isEqualTo(new StatusRules.Evaluation(LagStatus.OK, Trend.RISING));
    }

    @Test
    void theWorstStatusWins() {
        assertThat(LagStatus.OK.worst(LagStatus.WARN).worst(LagStatus.STOP).worst(LagStatus.REWIND))
                .isEqualTo(LagStatus.STOP);
    }
}
