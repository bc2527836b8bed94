package io.ledgerline.load;

import io.ledgerline.load.AccountPlan.Event;
import io.ledgerline.load.DeliveryShuffler.Delivery;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The realistic load generator: a seeded, consistent quote-to-cash history of many accounts across four legal
 * entities and currencies (USD, EUR, JPY, BHD), as the three export files {@code process} reads.
 *
 * <p>Master data comes first (legal entities, periods, GL and product mappings, one crosswalk per account in the
 * order their billing events begin, business-day FX rates newest first); then the CRM and billing events of all
 * accounts merged by delivery time ({@link DeliveryShuffler}: CDC in commit order, Stripe with late and duplicate
 * deliveries). Each account is planned from the seed and its number alone ({@link AccountPlanner}); the plans
 * (small values) are held while the lines are rendered and handed to the sink one at a time, so memory grows with
 * the accounts, not with the bytes written. The same settings always give the same lines: no wall clock, no hash
 * order, only seeded {@link java.util.SplittableRandom}s.
 *
 * <pre>
 * LoadSummary s = LoadGenerator.write(LoadSettings.ofEvents(200_000, 42), Path.of("load"), System.err::println);
 * LoadSummary s = LoadGenerator.generate(LoadSettings.ofAccounts(300, 7), (file, line) -> ..., progress -> { });
 * </pre>
 */
public final class LoadGenerator {

    /** A progress line is reported every this many lines, when there are at least this many. */
    static final long PROGRESS_EVERY = 100_000;

    private LoadGenerator() {
    }

    /** Writes the three export files into {@code output} (created if missing, files overwritten). */
    public static LoadSummary write(LoadSettings settings, Path output, Consumer<String> progress) throws IOException {
        Files.createDirectories(output);
        Map<ExportFile, OutputStream> writers = new EnumMap<>(ExportFile.class);
        try {
            for (ExportFile file : ExportFile.values()) {
                writers.put(file, new BufferedOutputStream(Files.newOutputStream(output.resolve(file.fileName())), 1 << 17));
            }
            LoadSummary summary = generate(settings, (file, line) -> {
                OutputStream w = writers.get(file);
                // the lines are ASCII but for names; encoding a String to UTF-8 bytes is a copy for Latin-1 strings
                w.write(line.getBytes(StandardCharsets.UTF_8));
                w.write('\n');
            }, progress);
            IOException failure = null;
            for (OutputStream w : writers.values()) {
                try {
                    w.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
            writers.clear();
            if (failure != null) {
                throw failure;
            }
            return summary;
        } finally {
            for (OutputStream w : writers.values()) {
                try {
                    w.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
        }
    }

    /** Hands every line to {@code sink}: all master data first, then CRM and billing lines by delivery time. */
    public static LoadSummary generate(LoadSettings settings, LineSink sink, Consumer<String> progress) throws IOException {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(progress, "progress");
        AccountPlanner planner = new AccountPlanner(settings);
        MasterDataWriter masterData = new MasterDataWriter();
        long[] sharedLines = {0};
        masterData.writeShared(settings, (file, line) -> sharedLines[0]++);
        masterData.writeRates(settings, (file, line) -> sharedLines[0]++);

        // plan accounts: a fixed number, or until their records (and the master data) reach the target
        List<AccountPlan> plans = new ArrayList<>();
        List<long[]> firstNeed = new ArrayList<>(); // {first Stripe delivery, account}
        List<Delivery> deliveries = new ArrayList<>();
        long records = sharedLines[0];
        for (int index = 0; ; index++) {
            if (settings.accounts() > 0 ? index >= settings.accounts() : records >= settings.events()) {
                break;
            }
            if (index >= LoadSettings.MAX_ACCOUNTS) {
                throw new IllegalArgumentException("more than " + LoadSettings.MAX_ACCOUNTS + " accounts needed");
            }
            AccountPlan plan = planner.plan(index);
            List<Delivery> own = DeliveryShuffler.deliveries(plan, settings.seed());
            plans.add(plan);
            deliveries.addAll(own);
            firstNeed.add(new long[] {own.stream().filter(d -> d.event().kind().file == ExportFile.STRIPE_EVENTS)
                    .mapToLong(Delivery::at).min().orElse(Long.MAX_VALUE), index});
            records += 1 + own.size();
        }
        deliveries.sort(Comparator.comparingLong(Delivery::at).thenComparingInt(Delivery::account)
                .thenComparingInt(Delivery::sequence));

        long total = records;
        boolean large = total >= PROGRESS_EVERY;
        if (large) {
            progress.accept(String.format(Locale.ROOT, "generate: %,d accounts, %,d lines (seed %d)",
                    plans.size(), total, settings.seed()));
        }
        Map<ExportFile, Long> lines = new EnumMap<>(ExportFile.class);
        Map<String, Long> kinds = new TreeMap<>();
        long[] written = {0};
        LineSink counting = (file, line) -> {
            sink.accept(file, line);
            lines.merge(file, 1L, Long::sum);
            if (++written[0] % PROGRESS_EVERY == 0 && large) {
                progress.accept(String.format(Locale.ROOT, "generate: %,d of %,d lines", written[0], total));
            }
        };
        // what every posting needs first; crosswalks in the order the accounts' billing events begin; then rates
        masterData.writeShared(settings, counting);
        firstNeed.sort(Comparator.<long[]>comparingLong(n -> n[0]).thenComparingLong(n -> n[1]));
        for (long[] need : firstNeed) {
            masterData.writeCrosswalk(plans.get((int) need[1]).account, counting);
        }
        masterData.writeRates(settings, counting);
        kinds.put("erp-masterdata", lines.getOrDefault(ExportFile.ERP_MASTERDATA, 0L));

        StripeEventWriter stripe = new StripeEventWriter();
        SalesforceCdcWriter cdc = new SalesforceCdcWriter();
        long duplicates = 0;
        long late = 0;
        for (Delivery d : deliveries) {
            Event e = d.event();
            AccountPlan plan = plans.get(d.account());
            if (e.kind().file == ExportFile.SALESFORCE_CDC) {
                counting.accept(ExportFile.SALESFORCE_CDC, cdc.render(e));
            } else {
                counting.accept(ExportFile.STRIPE_EVENTS, stripe.render(e, plan.account));
            }
            kinds.merge(e.kind().label, 1L, Long::sum);
            duplicates += d.duplicate() ? 1 : 0;
            late += d.late() ? 1 : 0;
        }
        if (large) {
            progress.accept(String.format(Locale.ROOT, "generate: done, %,d lines", written[0]));
        }
        Map<String, Long> perFile = new LinkedHashMap<>();
        for (ExportFile file : ExportFile.values()) {
            perFile.put(file.fileName(), lines.getOrDefault(file, 0L));
        }
        return new LoadSummary(plans.size(), perFile, kinds, duplicates, late);
    }

    /** {@link #write} for callers that cannot throw checked exceptions. */
    public static LoadSummary writeUnchecked(LoadSettings settings, Path output, Consumer<String> progress) {
        try {
            return write(settings, output, progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
