package io.ledgerline.demo;

import io.ledgerline.journal.JournalEntry;
import io.ledgerline.ops.ExceptionStatus;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.outputs.AvroJson;
import io.ledgerline.outputs.TopicExporter;
import io.ledgerline.names.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What the demo shows once the input is drained, read from the output topics: journal entries per ERP by entry type,
 * the trial balance, the exceptions still open and the alerts.
 */
public record LedgerReport(Map<String, Map<String, Long>> entriesPerErp, TrialBalance trialBalance,
                           List<PipelineException> openExceptions, List<String> alerts) {

    public static final List<String> ALERT_TOPICS = List.of(Topics.ALERTS_WORKFLOW, Topics.ALERTS_LAG);

    public static LedgerReport read(Map<String, Object> clientConfig, Map<String, Object> serdeConfig,
                                    Collection<String> erps) {
        Map<String, Map<String, Long>> perErp = new TreeMap<>();
        List<JournalEntry> entries = new ArrayList<>();
        Map<String, PipelineException> exceptions = new LinkedHashMap<>();
        List<String> alerts = new ArrayList<>();
        try (TopicExporter reader = new TopicExporter(clientConfig);
             Deserializer<?> values = TopicExporter.specificRecords(serdeConfig)) {
            for (String erp : erps) {
                Map<String, Long> byType = perErp.computeIfAbsent(erp, e -> new TreeMap<>());
                reader.read(Topics.journal(erp), values, value -> {
                    JournalEntry entry = (JournalEntry) value;
                    entries.add(entry);
                    byType.merge(entry.getEntryType().name(), 1L, Long::sum);
                });
            }
            // The topic holds every change of an exception; the last one per id is its state.
            reader.read(Topics.EXCEPTIONS, values, value -> {
                PipelineException exception = (PipelineException) value;
                exceptions.put(exception.getExceptionId(), exception);
            });
            for (String topic : ALERT_TOPICS) {
                reader.read(topic, values, value -> alerts.add(AvroJson.toJson((IndexedRecord) value).toString()));
            }
        }
        List<PipelineException> open = exceptions.values().stream()
                .filter(e -> e.getStatus() == ExceptionStatus.OPEN).toList();
        return new LedgerReport(perErp, TrialBalance.of(entries), open, alerts);
    }

    public long journalEntries() {
        return entriesPerErp.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }
}
