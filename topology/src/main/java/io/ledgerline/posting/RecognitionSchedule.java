package io.ledgerline.posting;

import io.ledgerline.state.RatableLineState;
import io.ledgerline.state.RecognizedMonth;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The monthly revenue schedule of a ratable line: each calendar month of the service period [start, end) gets
 * its share of the amount by days, rounded half up, and the last month takes the remainder. Once a credit or
 * refund has reduced the deferred balance, the months not yet recognized share what is left the same way.
 */
public final class RecognitionSchedule {

    private RecognitionSchedule() {
    }

    /** A calendar month of the service period and how many of the period's days fall in it. */
    public record MonthShare(YearMonth month, long days) {
    }

    public static List<MonthShare> months(LocalDate start, LocalDate endExclusive) {
        List<MonthShare> months = new ArrayList<>();
        if (!endExclusive.isAfter(start)) {
            // a ratable line without a service period is recognized in full in the month of its start
            months.add(new MonthShare(YearMonth.from(start), 0));
            return months;
        }
        for (YearMonth m = YearMonth.from(start); m.atDay(1).isBefore(endExclusive); m = m.plusMonths(1)) {
            LocalDate from = start.isAfter(m.atDay(1)) ? start : m.atDay(1);
            LocalDate to = endExclusive.isBefore(m.plusMonths(1).atDay(1)) ? endExclusive : m.plusMonths(1).atDay(1);
            months.add(new MonthShare(m, ChronoUnit.DAYS.between(from, to)));
        }
        return months;
    }

    /** Splits an amount by weights, rounding half up, the last share taking the remainder. */
    public static long[] allocate(long amount, long[] weights) {
        long[] shares = new long[weights.length];
        long total = 0;
        for (long w : weights) {
            total += w;
        }
        long allocated = 0;
        for (int i = 0; i < weights.length - 1; i++) {
            shares[i] = total == 0 ? 0 : BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(weights[i]))
                    .divide(BigDecimal.valueOf(total), 0, RoundingMode.HALF_UP).longValueExact();
            allocated += shares[i];
        }
        if (weights.length > 0) {
            shares[weights.length - 1] = amount - allocated;
        }
        return shares;
    }

    /**
     * The months not yet recognized and their planned amounts, in calendar order. A re-planned line follows the plan
     * made when its deferred balance was last reduced (that balance over the months not recognized then), however
     * many catch-ups have run since.
     */
    public static Map<YearMonth, Long> plan(RatableLineState line) {
        List<MonthShare> all = months(date(line.getPeriodStart().toEpochMilli()), date(line.getPeriodEnd().toEpochMilli()));
        Set<String> recognized = line.getRecognizedMonths().stream().map(RecognizedMonth::getMonth).collect(Collectors.toSet());
        boolean fixedReplan = line.getReplanned() && (line.getReplanBaseMinor() != 0 || line.getReplanFromMonths() != 0);
        Set<String> recognizedAtReplan = fixedReplan
                ? line.getRecognizedMonths().stream().limit(line.getReplanFromMonths()).map(RecognizedMonth::getMonth)
                        .collect(Collectors.toSet())
                : recognized;
        List<MonthShare> base = line.getReplanned()
                ? all.stream().filter(m -> !recognizedAtReplan.contains(m.month().toString())).toList()
                : all;
        long amount = !line.getReplanned() ? line.getNetMinor() : fixedReplan ? line.getReplanBaseMinor() : line.getDeferredMinor();
        long[] shares = allocate(amount, base.stream().mapToLong(MonthShare::days).toArray());
        Map<YearMonth, Long> plan = new LinkedHashMap<>();
        for (int i = 0; i < base.size(); i++) {
            if (!recognized.contains(base.get(i).month().toString())) {
                plan.put(base.get(i).month(), shares[i]);
            }
        }
        return plan;
    }

    /** The last month of the line's service period. */
    public static YearMonth lastMonth(RatableLineState line) {
        List<MonthShare> all = months(date(line.getPeriodStart().toEpochMilli()), date(line.getPeriodEnd().toEpochMilli()));
        return all.get(all.size() - 1).month();
    }

    static LocalDate date(long epochMillis) {
        return LocalDate.ofInstant(java.time.Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }
}
