package io.ledgerline.waits;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.Refund;
import io.ledgerline.common.SourceSystem;
import io.ledgerline.state.ParkedEvent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WaitGraceTest {

    private static final Instant HAPPENED = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant PARKED = Instant.parse("2026-12-02T18:00:00Z");

    private static ParkedEvent refundWaitingForItsPayment(Instant parkedAt) {
        Refund refund = new Refund("re_1", "pi_1", 100L, "USD", "succeeded", null, HAPPENED);
        CanonicalEvent event = new CanonicalEvent("evt_1", SourceSystem.STRIPE, "refund.created", HAPPENED, null, refund);
        return new ParkedEvent(event, Reason.AWAITING_PAYMENT.name(), "payment:pi_1", parkedAt, "waits", false, false);
    }

    @Test
    void aCompleteInputCountsAWaitFromWhenItsEventHappened() {
        WaitGrace grace = WaitGrace.fromEventTime(Duration.ofHours(24));
        ParkedEvent wait = refundWaitingForItsPayment(PARKED);
        assertThat(grace.overdue(wait, HAPPENED.plus(Duration.ofHours(23)))).isFalse();
        assertThat(grace.overdue(wait, HAPPENED.plus(Duration.ofHours(24)))).isTrue();
    }

    @Test
    void aRunningPipelineCountsAWaitFromWhenItBeganSoAnOldEventReadAheadOfItsCounterpartIsNotRaised() {
        WaitGrace grace = WaitGrace.fromParking(Duration.ofHours(24));
        ParkedEvent wait = refundWaitingForItsPayment(PARKED);
        assertThat(grace.overdue(wait, PARKED.plusSeconds(5))).as("a second after a March refund was read").isFalse();
        assertThat(grace.overdue(wait, PARKED.plus(Duration.ofHours(24)))).isTrue();
        // a wait parked before its (future-dated) event happened counts from the event
        ParkedEvent early = refundWaitingForItsPayment(HAPPENED.minus(Duration.ofDays(2)));
        assertThat(grace.start(early)).isEqualTo(HAPPENED);
    }
}
