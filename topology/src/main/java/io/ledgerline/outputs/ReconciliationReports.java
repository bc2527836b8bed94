package io.ledgerline.outputs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.contract.Reconciliation;
import io.ledgerline.reconciliation.CloseReadiness;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files finance opens: {@code close.jsonl} (one close status per legal entity and period),
 * {@code reconciliation.csv} (the reconciliation per legal entity, period, currency and account, with a TOTAL row per
 * legal entity, period and currency) and {@code revenue-waterfall.csv} (recognized revenue by month of recognition ×
 * month of billing, per legal entity and currency). Amounts are integer minor units of the row's currency.
 */
public final class ReconciliationReports {

    public static final String CLOSE_FILE = "close.jsonl";
    public static final String RECONCILIATION_CSV = "reconciliation.csv";
    public static final String WATERFALL_CSV = "revenue-waterfall.csv";

    static final String RECONCILIATION_HEADER = "legal_entity,period,currency,account_id,booked_minor,billed_minor,collected_minor,"
            + "recognized_minor,deferred_change_minor,ar_change_minor,posted_minor,journaled_minor,unposted_entries";
    static final String WATERFALL_HEADER = "legal_entity,currency,billing_period,recognition_period,recognized_minor";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReconciliationReports() {
    }

    /** One JSON document per line: {@code {legalEntity, period, status, blockers: [{kind, id, detail}]}}. */
    public static void writeClose(Path dir, List<CloseReadiness.Status> statuses) {
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(CLOSE_FILE), StandardCharsets.UTF_8)) {
            for (CloseReadiness.Status s : statuses) {
                out.write(JSON.writeValueAsString(toJson(s)));
                out.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + dir.resolve(CLOSE_FILE), e);
        }
    }

    public static Map<String, Object> toJson(CloseReadiness.Status s) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("legalEntity", s.legalEntity());
        doc.put("period", s.period());
        doc.put("status", s.status());
        List<Map<String, String>> blockers = new ArrayList<>();
        for (CloseReadiness.Blocker b : s.blockers()) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("kind", b.kind());
            m.put("id", b.id());
            m.put("detail", b.detail());
            blockers.add(m);
        }
        doc.put("blockers", blockers);
        return doc;
    }

    /** Writes both CSV files from the accounts' reconciliation records, as their JSON rendering ({@link AvroJson}). */
    public static void writeCsv(Path dir, List<JsonNode> records) {
        write(dir.resolve(RECONCILIATION_CSV), reconciliationRows(records));
        write(dir.resolve(WATERFALL_CSV), waterfallRows(records));
    }

    public static List<JsonNode> json(List<Reconciliation> records) {
        return records.stream().sorted(ORDER).map(r -> (JsonNode) AvroJson.toJson(r)).toList();
    }

    private static final String[] PERIOD_FIGURES = {"bookedMinor", "billedMinor", "collectedMinor", "recognizedMinor", "deferredMinor",
            "arMinor", "postedMinor", "journaledMinor", "unpostedEntries"};

    /** One row per legal entity, period, currency and account, and a TOTAL row per legal entity, period and currency. */
    public static List<String> reconciliationRows(List<JsonNode> records) {
        List<String> rows = new ArrayList<>(List.of(RECONCILIATION_HEADER));
        TreeMap<String, long[]> totals = new TreeMap<>();
        TreeMap<String, String> lines = new TreeMap<>();
        for (JsonNode r : records) {
            String entity = r.path("legalEntity").isTextual() ? r.path("legalEntity").asText() : "";
            for (JsonNode p : r.path("periods")) {
                long[] v = new long[PERIOD_FIGURES.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = p.path(PERIOD_FIGURES[i]).asLong();
                }
                String group = csv(entity) + "," + p.path("period").asText() + "," + r.path("currency").asText();
                lines.put(group + ",1," + r.path("accountId").asText(), group + "," + r.path("accountId").asText() + "," + join(v));
                long[] t = totals.computeIfAbsent(group, k -> new long[v.length]);
                for (int i = 0; i < v.length; i++) {
                    t[i] += v[i];
                }
            }
        }
        totals.forEach((group, t) -> lines.put(group + ",2,TOTAL", group + ",TOTAL," + join(t)));
        rows.addAll(lines.values());
        return rows;
    }

    /** Recognized revenue per legal entity, currency, billing month and recognition month. */
    public static List<String> waterfallRows(List<JsonNode> records) {
        TreeMap<String, Long> cells = new TreeMap<>();
        for (JsonNode r : records) {
            for (JsonNode c : r.path("waterfall")) {
                cells.merge(csv(c.path("legalEntity").asText()) + "," + c.path("currency").asText() + "," + c.path("billingPeriod").asText()
                        + "," + c.path("recognitionPeriod").asText(), c.path("amountMinor").asLong(), Long::sum);
            }
        }
        List<String> rows = new ArrayList<>(List.of(WATERFALL_HEADER));
        cells.forEach((k, v) -> rows.add(k + "," + v));
        return rows;
    }

    private static String join(long[] values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ",").append(values[i]);
        }
        return out.toString();
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static void write(Path file, List<String> rows) {
        try {
            Files.write(file, rows, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** The order records are reported in: account, then currency. */
    public static final Comparator<Reconciliation> ORDER = Comparator.comparing(Reconciliation::getAccountId)
            .thenComparing(Reconciliation::getCurrency);
}
