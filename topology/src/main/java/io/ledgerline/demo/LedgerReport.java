package io.ledgerline.demo;

import io.ledgerline.journal.JournalEntry;
import io.ledgerline.ops.AlertStatus;
import io.ledgerline.ops.ExceptionStatus;
import io.ledgerline.ops.LagAlert;
import io.ledgerline.ops.WorkflowAlert;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.outputs.TopicExporter;
import io.ledgerline.names.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What the demo shows once the input is drained, read from the output topics: journal entries per ERP by entry type,
 * the trial balance, the exceptions still open and the alerts still open.
 */
public record LedgerReport(Map<String, Map<String, Long>> entriesPerErp, TrialBalance trialBalance,
                           List<PipelineException> openExceptions, List<String> alerts) {

    public static LedgerReport read(Map<String, Object> clientConfig, Map<String, Object> serdeConfig,
                                    Collection<String> erps) {
        Map<String, Map<String, Long>> perErp = new TreeMap<>();
        List<JournalEntry> entries = new ArrayList<>();
        Map<String, PipelineException> exceptions = new LinkedHashMap<>();
        Map<String, String> openAlerts = new LinkedHashMap<>();
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
            // as for exceptions, the last record of an alert id is its state: only the open ones are shown
            reader.read(Topics.ALERTS_WORKFLOW, values, value -> {
                WorkflowAlert a = (WorkflowAlert) value;
                openAlerts.remove(a.getAlertId());
                if (a.getStatus() == AlertStatus.OPEN) {
                    openAlerts.put(a.getAlertId(), String.format(Locale.ROOT, "%-22s %s (%s%s)", a.getKind(), a.getMessage(),
                            a.getAccountId() == null ? "" : "account " + a.getAccountId() + ", ", age(a.getAgeSeconds())));
                }
            });
            reader.read(Topics.ALERTS_LAG, values, value -> {
                LagAlert a = (LagAlert) value;
                openAlerts.remove(a.getAlertId());
                if (a.getStatus() == AlertStatus.OPEN) {
                    openAlerts.put(a.getAlertId(), String.format(Locale.ROOT, "%-22s %s", "CONSUMER_LAG", a.getMessage()));
                }
            });
        }
        List<PipelineException> open = exceptions.values().stream()
                .filter(e -> e.getStatus() == ExceptionStatus.OPEN).toList();
        return new LedgerReport(perErp, TrialBalance.of(entries), open, List.copyOf(openAlerts.values()));
    }

    private static String age(long seconds) {
        return seconds >= 86_400 ? seconds / 86_400 + " days" : seconds >= 3_600 ? seconds / 3_600 + " h" : seconds + " s";
    }

    public long journalEntries() {
        return entriesPerErp.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }
}
