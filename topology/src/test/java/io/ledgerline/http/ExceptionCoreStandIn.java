package io.ledgerline.http;

import io.ledgerline.names.Stores;
import io.ledgerline.names.Topics;
import io.ledgerline.ops.ExceptionStatus;
import io.ledgerline.ops.ExceptionStatusChange;
import io.ledgerline.ops.OperatorAction;
import io.ledgerline.ops.OperatorCommand;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.serdes.SerdeCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A test stand-in for the core's exception handling, only what the API relies on: exceptions from
 * {@link Topics#EXCEPTIONS} materialized in {@link Stores#EXCEPTIONS} by exception id, and commands from
 * {@link Topics#CONTROL_COMMANDS} applied to them with the command id in the history. Exceptions of reason
 * {@link #STILL_BLOCKED} stay OPEN when replayed; commands on {@link #IGNORED} ones are never applied.
 */
final class ExceptionCoreStandIn implements Processor<String, Object, Void, Void> {

    static final String STILL_BLOCKED = "STILL_BLOCKED";
    static final String IGNORED = "IGNORED_BY_STAND_IN";

    private KeyValueStore<String, PipelineException> store;

    static Topology topology(Map<String, Object> serdeConfig) {
        SerdeCatalog serdes = new SerdeCatalog(serdeConfig);
        Serde<PipelineException> exceptions = serdes.avro(PipelineException.class);
        Topology topology = new Topology();
        topology.addSource("exceptions", Serdes.String().deserializer(), exceptions.deserializer(), Topics.EXCEPTIONS);
        topology.addSource("commands", Serdes.String().deserializer(),
                serdes.avro(OperatorCommand.class).deserializer(), Topics.CONTROL_COMMANDS);
        topology.addProcessor("core-stand-in", ExceptionCoreStandIn::new, "exceptions", "commands");
        topology.addStateStore(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(Stores.EXCEPTIONS), Serdes.String(),
                exceptions), "core-stand-in");
        return topology;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(Stores.EXCEPTIONS);
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof PipelineException exception) {
            store.put(exception.getExceptionId(), exception);
        } else if (record.value() instanceof OperatorCommand command) {
            apply(command);
        }
    }

    private void apply(OperatorCommand command) {
        PipelineException exception = store.get(command.getExceptionId());
        if (exception == null || exception.getStatus() != ExceptionStatus.OPEN || IGNORED.equals(exception.getReason())) {
            return;
        }
        boolean blocked = command.getAction() == OperatorAction.REPLAY && STILL_BLOCKED.equals(exception.getReason());
        ExceptionStatus status = blocked ? ExceptionStatus.OPEN
                : command.getAction() == OperatorAction.REPLAY ? ExceptionStatus.REPLAYED : ExceptionStatus.DISMISSED;
        String note = blocked ? "replayed, still waiting for " + exception.getWaitingFor() : command.getNote();
        List<ExceptionStatusChange> history = new ArrayList<>(exception.getHistory());
        history.add(new ExceptionStatusChange(status, Instant.now(), command.getActor(), note, command.getCommandId()));
        store.put(exception.getExceptionId(), PipelineException.newBuilder(exception).setStatus(status)
                .setActor(command.getActor()).setNote(note).setLastSeen(Instant.now()).setHistory(history).build());
    }
}
