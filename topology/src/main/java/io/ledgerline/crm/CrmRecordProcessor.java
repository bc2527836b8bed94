package io.ledgerline.crm;

import io.ledgerline.canonical.CrmContract;
import io.ledgerline.ingest.CdcChange;
import io.ledgerline.ingest.CrmMerge;
import io.ledgerline.ingest.CrmRecordMerger;
import io.ledgerline.ingest.NormalizeResult;
import io.ledgerline.ingest.SalesforceCdcDecoder;
import io.ledgerline.state.CrmRecordState;
import io.ledgerline.metrics.InputOutcomes;
import io.ledgerline.names.Stores;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Materializes Salesforce records from CDC deltas (input keyed by record id, value the raw CDC event) and emits
 * the record's full state keyed by its account: a canonical event, or a {@link CrmContract} for a Contract. Events of
 * records whose account is not known (a GAP on an unknown opportunity) are keyed by the record id so they still
 * surface as exceptions.
 */
public final class CrmRecordProcessor implements Processor<String, byte[], String, SpecificRecord> {

    /** The ingest stage whose records these changes come from, for the input account. */
    public static final String STAGE = "salesforce-cdc";

    private final SalesforceCdcDecoder decoder = new SalesforceCdcDecoder();
    private final CrmRecordMerger merger = new CrmRecordMerger();
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, CrmRecordState> records;
    private InputOutcomes outcomes;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.records = context.getStateStore(Stores.CRM_RECORDS);
        this.outcomes = new InputOutcomes(context);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        // the bytes were decoded once already to find the record ids, so this cannot be rejected
        if (!(decoder.decode(record.value()) instanceof NormalizeResult.Accepted<CdcChange> accepted)) {
            throw new IllegalStateException("CDC event for " + record.key() + " no longer decodes");
        }
        String recordId = record.key();
        CrmMerge merge = merger.merge(records.get(recordId), accepted.value(), recordId);
        records.put(recordId, merge.state());
        outcomes.record(STAGE, InputOutcomes.CHANGES);
        if (merge.emitsNothing()) {
            outcomes.record(STAGE, InputOutcomes.MERGED);
        }
        merge.event().ifPresent(event -> context.forward(new Record<>(
                event.getAccountId() != null ? event.getAccountId() : recordId, event, event.getEventTime().toEpochMilli())));
        merge.contract().ifPresent(contract -> context.forward(new Record<>(
                contract.getAccountId(), contract, contract.getEventTime().toEpochMilli())));
    }
}
