package io.ledgerline.identity;

import io.ledgerline.canonical.BillingCustomer;
import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.CustomerCrosswalk;
import io.ledgerline.canonical.MasterDataRecord;
import io.ledgerline.common.SourceSystem;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The ERP crosswalk also links a billing customer to its CRM account. It enters the customer level of identity
 * resolution as a customer event from the ERP, so billing events wait for whichever link comes first.
 */
public final class CrosswalkLink implements FixedKeyProcessor<String, MasterDataRecord, CanonicalEvent> {

    private FixedKeyProcessorContext<String, CanonicalEvent> context;

    @Override
    public void init(FixedKeyProcessorContext<String, CanonicalEvent> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, MasterDataRecord> record) {
        MasterDataRecord md = record.value();
        if (md.getPayload() instanceof CustomerCrosswalk cw && cw.getBillingCustomerId() != null && !md.getDeleted()) {
            context.forward(record.withValue(CanonicalEvent.newBuilder()
                    .setEventId("erp:" + md.getKey() + ":" + cw.getBillingCustomerId())
                    .setSourceSystem(SourceSystem.ERP)
                    .setEventType("customer_crosswalk")
                    .setEventTime(Instant.ofEpochMilli(record.timestamp()))
                    .setPayload(BillingCustomer.newBuilder()
                            .setCustomerId(cw.getBillingCustomerId())
                            .setCrmAccountId(cw.getCrmAccountId())
                            .build())
                    .build()));
        }
    }
}
