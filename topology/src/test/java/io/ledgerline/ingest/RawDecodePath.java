package io.ledgerline.ingest;

import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.MasterDataRecord;
import io.ledgerline.names.Topics;
import io.ledgerline.runtime.ExportFileReplayer;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The decode step of one raw source as the topology runs it: its normalizer inside a {@link RawDecodeProcessor},
 * keyed and timed as {@code LedgerlineTopology} does, on Kafka's {@link MockProcessorContext} with a set wall clock.
 */
record RawDecodePath<V>(String exportFile, String topic, Function<byte[], NormalizeResult<V>> normalizer,
                        Supplier<RawDecodeProcessor<V>> processor) {

    /** The wall clock of every decode: the corpus's events lie before it. */
    static final Instant WALL_CLOCK = Instant.parse("2026-07-01T00:00:00Z");
    /** The timestamp the raw record arrived with (the replayer's produce time). */
    static final long INPUT_TIMESTAMP = WALL_CLOCK.minusSeconds(60).toEpochMilli();

    static RawDecodePath<?> of(String exportFile) {
        return switch (exportFile) {
            case ExportFileReplayer.SALESFORCE_CDC_FILE -> {
                SalesforceCdcDecoder decoder = new SalesforceCdcDecoder();
                yield new RawDecodePath<CdcChange>(exportFile, Topics.RAW_CRM_CDC, decoder::decode,
                        () -> new RawDecodeProcessor<>("salesforce-cdc", decoder::decode, CdcChange::entityName,
                                CdcChange::commitTimestamp));
            }
            case ExportFileReplayer.STRIPE_EVENTS_FILE -> {
                StripeEventNormalizer stripe = new StripeEventNormalizer();
                yield new RawDecodePath<CanonicalEvent>(exportFile, Topics.RAW_BILLING_EVENTS, stripe::normalize,
                        () -> new RawDecodeProcessor<>("stripe-events", stripe::normalize, CanonicalEvent::getEventId,
                                e -> e.getEventTime().toEpochMilli()));
            }
            case ExportFileReplayer.ERP_MASTERDATA_FILE -> {
                ErpMasterDataNormalizer erp = new ErpMasterDataNormalizer();
                yield new RawDecodePath<MasterDataRecord>(exportFile, Topics.RAW_ERP_MASTERDATA, erp::normalize,
                        () -> new RawDecodeProcessor<>("erp-masterdata", erp::normalize, MasterDataRecord::getKey, null));
            }
            case ExportFileReplayer.ERP_POSTING_RESULTS_FILE -> {
                PostingResultNormalizer results = new PostingResultNormalizer();
                yield new RawDecodePath<CanonicalEvent>(exportFile, Topics.RAW_ERP_POSTING_RESULTS, results::normalize,
                        () -> new RawDecodeProcessor<>("erp-posting-results", results::normalize,
                                CanonicalEvent::getEventId, e -> e.getEventTime().toEpochMilli()));
            }
            default -> throw new IllegalArgumentException("no raw source reads " + exportFile);
        };
    }

    /** Decodes one raw record that sits at {@code offset} of partition 0; returns what the processor forwarded. */
    List<Record<?, ? extends Decoded<V>>> decode(byte[] key, byte[] value, Headers headers, long offset) {
        MockProcessorContext<String, Decoded<V>> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(WALL_CLOCK.toEpochMilli());
        context.setRecordMetadata(topic, 0, offset);
        RawDecodeProcessor<V> decoder = processor.get();
        decoder.init(context);
        decoder.process(new Record<>(key, value, INPUT_TIMESTAMP, headers));
        return context.forwarded().stream().<Record<?, ? extends Decoded<V>>>map(MockProcessorContext.CapturedForward::record).toList();
    }
}
