package io.ledgerline.load;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The ERP's daily exchange rates for every pair a generated document converts (transaction currency to the
 * functional currency of the entity that invoices in it), for every day from a week before the window to its end:
 * a seeded random walk in millionths, never a floating-point number. USD→EUR is the reciprocal of EUR→USD of the
 * same day, so the two never contradict each other; USD→BHD moves only a little around its peg.
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

    /** Every rate, pair by pair, each pair in date order. */
    static List<Rate> rates(LoadSettings settings) {
        SplittableRandom random = new SplittableRandom(settings.seed() ^ FX_SALT);
        LocalDate first = firstDate(settings);
        LocalDate end = settings.end();
        List<Rate> out = new ArrayList<>();
        List<Rate> usdEur = new ArrayList<>();
        long eurUsd = 1_080_000;
        long usdJpy = 150_000_000;
        long usdBhd = 376_000;
        List<Rate> jpy = new ArrayList<>();
        List<Rate> bhd = new ArrayList<>();
        for (LocalDate day = first; day.isBefore(end); day = day.plusDays(1)) {
            eurUsd = walk(random, eurUsd, 3_000, 1_020_000, 1_160_000);
            usdJpy = walk(random, usdJpy, 400_000, 140_000_000, 160_000_000);
            usdBhd = walk(random, usdBhd, 20, 375_500, 376_500);
            BigDecimal eurUsdRate = BigDecimal.valueOf(eurUsd, 6);
            out.add(new Rate("EUR", "USD", day, eurUsdRate.toPlainString()));
            usdEur.add(new Rate("USD", "EUR", day, BigDecimal.ONE.divide(eurUsdRate, 6, RoundingMode.HALF_UP).toPlainString()));
            jpy.add(new Rate("USD", "JPY", day, BigDecimal.valueOf(usdJpy, 6).setScale(4, RoundingMode.HALF_UP).toPlainString()));
            bhd.add(new Rate("USD", "BHD", day, BigDecimal.valueOf(usdBhd, 6).toPlainString()));
        }
        out.addAll(usdEur);
        out.addAll(jpy);
        out.addAll(bhd);
        return out;
    }

    private static long walk(SplittableRandom random, long value, int step, long min, long max) {
        long next = value + random.nextInt(-step, step + 1);
        return Math.max(min, Math.min(max, next));
    }
}
