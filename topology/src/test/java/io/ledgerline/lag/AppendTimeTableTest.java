package io.ledgerline.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AppendTimeTableTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aRecordWasAppendedWhenTheMonitorFirstSawTheEndPassIt() {
        AppendTimeTable table = new AppendTimeTable();
        table.observe(10, at(0));
        table.observe(10, at(30)); // idle: no new point
        table.observe(25, at(60));
        table.observe(40, at(90));

        assertThat(table.size()).isEqualTo(3);
        assertThat(table.appendTimeOf(10)).contains(new AppendTime(at(60), AppendTime.Source.FIRST_SEEN));
        assertThat(table.appendTimeOf(24)).contains(new AppendTime(at(60), AppendTime.Source.FIRST_SEEN));
        assertThat(table.appendTimeOf(25)).contains(new AppendTime(at(90), AppendTime.Source.FIRST_SEEN));
    }

    @Test
    void nothingIsExtrapolatedBeyondTheTablesSpan() {
        AppendTimeTable table = new AppendTimeTable();
        table.observe(100, at(0));
        table.observe(120, at(30));

        // there before the first look: as old as that look at least, never an invented earlier time
        assertThat(table.appendTimeOf(0)).contains(new AppendTime(at(0), AppendTime.Source.BEFORE_MONITORING));
        // not appended yet (at or past the end): no time at all
        assertThat(table.appendTimeOf(120)).isEmpty();
        assertThat(new AppendTimeTable().appendTimeOf(0)).isEmpty();
    }

    @Test
    void interpolatesOnlyAcrossPointsTheTableThinnedOut() {
        AppendTimeTable table = new AppendTimeTable(4);
        for (int i = 0; i <= 4; i++) {
            table.observe(i * 10L, at(i * 10L)); // five points into room for four: thinned to 0, 20, 40
        }
        assertThat(table.size()).isEqualTo(3);

        AppendTime between = table.appendTimeOf(14).orElseThrow();
        assertThat(between.source()).isEqualTo(AppendTime.Source.INTERPOLATED);
        // offsets [0, 20) appeared between 0 s and 20 s: offset 14 three quarters of the way
        assertThat(between.at()).isEqualTo(at(15));
        assertThat(between.at()).isBetween(at(0), at(20));
    }

    @Test
    void aTruncatedOrRecreatedPartitionStartsAFreshTable() {
        AppendTimeTable table = new AppendTimeTable();
        table.observe(50, at(0));
        table.observe(80, at(30));
        table.observe(5, at(60));

        assertThat(table.size()).isEqualTo(1);
        assertThat(table.appendTimeOf(0)).contains(new AppendTime(at(60), AppendTime.Source.BEFORE_MONITORING));
    }

    @Test
    void forgetsPointsBelowTheLogStartButKeepsTheOneThatBracketsIt() {
        AppendTimeTable table = new AppendTimeTable();
        table.observe(10, at(0));
        table.observe(20, at(10));
        table.observe(30, at(20));
        table.observe(40, at(30));

        table.forgetBelow(25);

        assertThat(table.size()).isEqualTo(3);
        assertThat(table.appendTimeOf(25)).contains(new AppendTime(at(20), AppendTime.Source.FIRST_SEEN));
    }

    @Test
    void staysWithinItsCapacityOverALongRun() {
        AppendTimeTable table = new AppendTimeTable(16);
        for (int i = 1; i <= 10_000; i++) {
            table.observe(i, T0.plus(Duration.ofSeconds(i)));
        }
        assertThat(table.size()).isLessThanOrEqualTo(16);
        assertThat(table.appendTimeOf(9_999)).map(AppendTime::at).contains(at(10_000));
    }
}
