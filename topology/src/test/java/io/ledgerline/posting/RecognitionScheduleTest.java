package io.ledgerline.posting;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.state.RatableLineState;
import io.ledgerline.state.RecognizedMonth;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecognitionScheduleTest {

    @Test
    void monthsCountTheDaysOfThePeriodInEachCalendarMonth() {
        List<RecognitionSchedule.MonthShare> months = RecognitionSchedule.months(LocalDate.parse("2026-01-15"), LocalDate.parse("2027-01-15"));
        assertThat(months).hasSize(13);
        assertThat(months.get(0)).isEqualTo(new RecognitionSchedule.MonthShare(YearMonth.of(2026, 1), 17));
        assertThat(months.get(12)).isEqualTo(new RecognitionSchedule.MonthShare(YearMonth.of(2027, 1), 14));
        assertThat(months.stream().mapToLong(RecognitionSchedule.MonthShare::days).sum()).isEqualTo(365);
    }

    @Test
    void allocationRoundsHalfUpAndTheLastShareTakesTheRemainder() {
        assertThat(RecognitionSchedule.allocate(100, new long[] {1, 1, 1})).containsExactly(33, 33, 34);
        assertThat(RecognitionSchedule.allocate(5, new long[] {1, 1})).containsExactly(3, 2);
        assertThat(RecognitionSchedule.allocate(-5, new long[] {1, 1})).containsExactly(-3, -2);
        assertThat(RecognitionSchedule.allocate(7, new long[] {0})).containsExactly(7);
    }

    @Test
    void acmeAnnualLineFollowsTheContractFormula() {
        RatableLineState line = line(1_200_000, "2026-01-15", "2027-01-15");
        Map<YearMonth, Long> plan = RecognitionSchedule.plan(line);
        assertThat(plan.get(YearMonth.of(2026, 1))).isEqualTo(55_890L); // 1,200,000 × 17 / 365 = 55,890.41
        assertThat(plan.get(YearMonth.of(2026, 2))).isEqualTo(92_055L); // × 28 / 365 = 92,054.79
        assertThat(plan.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_200_000L);
    }

    @Test
    void aReplannedLineSpreadsWhatIsLeftOverTheMonthsNotYetRecognized() {
        RatableLineState line = line(1_000, "2026-01-01", "2026-04-01");
        line.setRecognizedMonths(List.of(new RecognizedMonth("2026-01", 344L, 344L, "x")));
        line.setRecognizedMinor(344L);
        line.setDeferredMinor(456L); // 1,000 - 344 recognized - 200 credited out of deferred
        line.setReplanned(true);
        Map<YearMonth, Long> plan = RecognitionSchedule.plan(line);
        // February 28 days, March 31 days of the remaining 59
        assertThat(plan).containsExactly(Map.entry(YearMonth.of(2026, 2), 216L), Map.entry(YearMonth.of(2026, 3), 240L));
    }

    private static RatableLineState line(long net, String start, String end) {
        return RatableLineState.newBuilder().setLineId("il_1").setNetMinor(net).setNetFunctionalMinor(net)
                .setPeriodStart(Instant.parse(start + "T00:00:00Z")).setPeriodEnd(Instant.parse(end + "T00:00:00Z"))
                .setDeferredMinor(net).setDeferredFunctionalMinor(net).build();
    }
}
