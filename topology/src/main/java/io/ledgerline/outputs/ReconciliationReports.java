package io.ledgerline.outputs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.contract.Reconciliation;
import io.ledgerline.contract.ReconciliationPeriod;
import io.ledgerline.contract.WaterfallCell;
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

    /** Writes both CSV files from the accounts' reconciliation records. */
    public static void writeCsv(Path dir, List<Reconciliation> records) {
        write(dir.resolve(RECONCILIATION_CSV), reconciliationRows(records));
        write(dir.resolve(WATERFALL_CSV), waterfallRows(records));
    }

    static List<String> reconciliationRows(List<Reconciliation> records) {
        List<String> rows = new ArrayList<>(List.of(RECONCILIATION_HEADER));
        TreeMap<String, long[]> totals = new TreeMap<>();
        TreeMap<String, String> lines = new TreeMap<>();
        for (Reconciliation r : records) {
            String entity = r.getLegalEntity() == null ? "" : r.getLegalEntity();
            for (ReconciliationPeriod p : r.getPeriods()) {
                long[] v = {p.getBookedMinor(), p.getBilledMinor(), p.getCollectedMinor(), p.getRecognizedMinor(), p.getDeferredMinor(),
                        p.getArMinor(), p.getPostedMinor(), p.getJournaledMinor(), p.getUnpostedEntries()};
                String group = csv(entity) + "," + p.getPeriod() + "," + r.getCurrency();
                lines.put(group + ",1," + r.getAccountId(), group + "," + r.getAccountId() + "," + join(v));
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

    static List<String> waterfallRows(List<Reconciliation> records) {
        TreeMap<String, Long> cells = new TreeMap<>();
        for (Reconciliation r : records) {
            for (WaterfallCell c : r.getWaterfall()) {
                cells.merge(csv(c.getLegalEntity()) + "," + c.getCurrency() + "," + c.getBillingPeriod() + "," + c.getRecognitionPeriod(),
                        c.getAmountMinor(), Long::sum);
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
