package io.ledgerline.load;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The ERP's exchange rates for every pair a generated document converts (transaction currency to the functional
 * currency of the entity that invoices in it), published every business day (Monday to Friday) from a week before
 * the window to its end; a document dated on a weekend takes Friday's rate (the pipeline uses the latest rate on or
 * before a date). The rates are a seeded random walk in millionths, never a floating-point number; USD→EUR is the
 * reciprocal of the same day's EUR→USD, so the two never contradict each other; USD→BHD moves only a little around
 * its peg.
 *
 * <p>The rates are listed newest date first. A consumer that has read only part of them then finds no rate for an
 * older date (and waits for it) rather than an older rate than the one published for that date.
 */
final class FxRateTable {

    /** One published rate. */
    record Rate(String from, String to, LocalDate date, String rate) {
    }

    private static final long FX_SALT = 0x5EEDF00DL;

    private FxRateTable() {
    }

    static LocalDate firstDate(LoadSettings settings) {
        return settings.start().minusDays(7);
    }

    /** Every rate: dates newest first, on each date the pairs EUR→USD, USD→EUR, USD→JPY, USD→BHD. */
    static List<Rate> rates(LoadSettings settings) {
        SplittableRandom random = new SplittableRandom(settings.seed() ^ FX_SALT);
        LocalDate end = settings.end();
        List<Rate> ascending = new ArrayList<>();
        long eurUsd = 1_080_000;
        long usdJpy = 150_000_000;
        long usdBhd = 376_000;
        for (LocalDate day = firstDate(settings); day.isBefore(end); day = day.plusDays(1)) {
            if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            eurUsd = walk(random, eurUsd, 3_000, 1_020_000, 1_160_000);
            usdJpy = walk(random, usdJpy, 400_000, 140_000_000, 160_000_000);
            usdBhd = walk(random, usdBhd, 20, 375_500, 376_500);
            BigDecimal eurUsdRate = BigDecimal.valueOf(eurUsd, 6);
            ascending.add(new Rate("EUR", "USD", day, eurUsdRate.toPlainString()));
            ascending.add(new Rate("USD", "EUR", day,
                    BigDecimal.ONE.divide(eurUsdRate, 6, RoundingMode.HALF_UP).toPlainString()));
            ascending.add(new Rate("USD", "JPY", day,
                    BigDecimal.valueOf(usdJpy, 6).setScale(4, RoundingMode.HALF_UP).toPlainString()));
            ascending.add(new Rate("USD", "BHD", day, BigDecimal.valueOf(usdBhd, 6).toPlainString()));
        }
        List<Rate> out = new ArrayList<>(ascending.size());
        for (int i = ascending.size() - PAIRS; i >= 0; i -= PAIRS) {
            out.addAll(ascending.subList(i, i + PAIRS));
        }
        return out;
    }

    private static final int PAIRS = 4;

    private static long walk(SplittableRandom random, long value, int step, long min, long max) {
        long next = value + random.nextInt(-step, step + 1);
        return Math.max(min, Math.min(max, next));
    }
}
