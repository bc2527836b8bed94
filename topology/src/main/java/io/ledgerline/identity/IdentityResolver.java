package io.ledgerline.identity;

import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.names.Stores;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One level of identity resolution. Input is keyed by the event's id at this level; output is keyed by the id
 * at the next level (at the customer level: the CRM account, which is also set on the event). An event whose
 * link is not known yet is parked under its key and released, whatever the arrival order, when the event
 * that defines the link arrives.
 */
public final class IdentityResolver implements Processor<String, CanonicalEvent, String, CanonicalEvent> {

    private static final char SEPARATOR = '\u001f';
    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    private final IdentityLevel level;
    private ProcessorContext<String, CanonicalEvent> context;
    private KeyValueStore<String, String> links;
    private KeyValueStore<String, CanonicalEvent> parked;

    public IdentityResolver(IdentityLevel level) {
        this.level = level;
    }

    @Override
    public void init(ProcessorContext<String, CanonicalEvent> context) {
        this.context = context;
        this.links = context.getStateStore(Stores.identityLinks(level.label()));
        this.parked = context.getStateStore(Stores.identityParked(level.label()));
    }

    @Override
    public void process(Record<String, CanonicalEvent> record) {
        String key = record.key();
        CanonicalEvent event = record.value();
        level.linkDefinedBy(event).ifPresent(parent -> {
            if (!parent.equals(links.get(key))) {
                links.put(key, parent);
            }
            for (CanonicalEvent waiting : releaseParked(key)) {
                forward(parent, waiting);
            }
        });
        String parent = links.get(key);
        if (parent == null) {
            parked.put(key + SEPARATOR + event.getEventId(), event);
        } else {
            forward(parent, event);
        }
    }

    private List<CanonicalEvent> releaseParked(String key) {
        List<KeyValue<String, CanonicalEvent>> found = new ArrayList<>();
        try (KeyValueIterator<String, CanonicalEvent> it = parked.prefixScan(key + SEPARATOR, PREFIX_SERIALIZER)) {
            it.forEachRemaining(found::add);
        }
        List<CanonicalEvent> events = new ArrayList<>(found.size());
        for (KeyValue<String, CanonicalEvent> kv : found) {
            parked.delete(kv.key);
            events.add(kv.value);
        }
        return events;
    }

    private void forward(String parent, CanonicalEvent event) {
        if (level == IdentityLevel.CUSTOMER) {
            event = CanonicalEvent.newBuilder(event).setAccountId(parent).build();
        }
        context.forward(new Record<>(parent, event, event.getEventTime().toEpochMilli()));
    }
}
