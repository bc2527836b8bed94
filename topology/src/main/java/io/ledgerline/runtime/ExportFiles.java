package io.ledgerline.runtime;

import io.ledgerline.canonical.LegalEntity;
import io.ledgerline.ingest.CdcChange;
import io.ledgerline.ingest.ErpMasterDataNormalizer;
import io.ledgerline.ingest.NormalizeResult;
import io.ledgerline.ingest.RawDecodeProcessor;
import io.ledgerline.ingest.SalesforceCdcDecoder;
import io.ledgerline.ingest.StripeEventNormalizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/** What the runtime needs to know about export files before replaying them: the ERPs, the latest event time, sizes. */
public final class ExportFiles {

    private ExportFiles() {
    }

    /**
     * The ERPs that legal entities post to, from the {@code legal_entity} master-data records that
     * {@link ErpMasterDataNormalizer} accepts: a record it rejects (an ERP name such as "Net Suite" that cannot name
     * a topic, a missing field) is dead-lettered by the topology, so it gets no {@code erp.journal.<erp>} topic.
     */
    public static Set<String> erpsOf(Path masterdata) {
        ErpMasterDataNormalizer normalizer = new ErpMasterDataNormalizer();
        Set<String> erps = new TreeSet<>();
        forEachRecord(masterdata, line -> normalizer.normalize(line).values().forEach(record -> {
            if (record.getPayload() instanceof LegalEntity entity) {
                erps.add(entity.getErp());
            }
        }));
        return erps;
    }

    /**
     * The latest event time in the input, wall clock now; see {@link #latestEventTime(Path, Instant)}.
     */
    public static Optional<Instant> latestEventTime(Path inputDir) {
        return latestEventTime(inputDir, Instant.now());
    }

    /**
     * The latest business time of the events the topology will book: Stripe events {@link StripeEventNormalizer}
     * accepts (their {@code created}) and Salesforce changes {@link SalesforceCdcDecoder} accepts (their
     * {@code commitTimestamp}), leaving out records {@link RawDecodeProcessor} dead-letters for their time and records
     * dated more than {@link #AS_OF_HORIZON} after {@code now}: a future-dated document is booked like any other, but
     * a default as-of in the future would recognize revenue of months that have not ended. Empty if there is none.
     */
    public static final Duration AS_OF_HORIZON = Duration.ofHours(1);

    public static Optional<Instant> latestEventTime(Path inputDir, Instant now) {
        long nowMs = now.toEpochMilli();
        long[] latest = {Long.MIN_VALUE};
        StripeEventNormalizer stripe = new StripeEventNormalizer();
        forEachRecord(inputDir.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE), line ->
                latest[0] = Math.max(latest[0], latestBookable(stripe.normalize(line),
                        e -> e.getEventTime().toEpochMilli(), nowMs)));
        SalesforceCdcDecoder cdc = new SalesforceCdcDecoder();
        forEachRecord(inputDir.resolve(ExportFileReplayer.SALESFORCE_CDC_FILE), line ->
                latest[0] = Math.max(latest[0], latestBookable(cdc.decode(line), CdcChange::commitTimestamp, nowMs)));
        return latest[0] == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(latest[0]));
    }

    // as RawDecodeProcessor: one value with an unacceptable time dead-letters the whole record
    private static <V> long latestBookable(NormalizeResult<V> result, ToLongFunction<V> businessTime, long nowMs) {
        long latest = Long.MIN_VALUE;
        for (V value : result.values()) {
            long time = businessTime.applyAsLong(value);
            if (RawDecodeProcessor.eventTimeProblem(time).isPresent() || time - nowMs > AS_OF_HORIZON.toMillis()) {
                return Long.MIN_VALUE;
            }
            latest = Math.max(latest, time);
        }
        return latest;
    }

    /** Non-blank lines, i.e. the records a line-by-line replay (FileStreamSource, {@link ExportFileReplayer}) produces. */
    public static long recordCount(Path file) {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(line -> !line.isBlank()).count();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    // The records a line-by-line replay produces (non-blank lines), as bytes for the normalizers. A line too long for
    // a record is dead-lettered by the topology (ExportFileReplayer sends only its start), so it is skipped here.
    private static void forEachRecord(Path file, Consumer<byte[]> action) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                if (bytes.length <= ExportFileReplayer.MAX_LINE_BYTES) {
                    action.accept(bytes);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
