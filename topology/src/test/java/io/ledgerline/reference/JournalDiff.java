package io.ledgerline.reference;

import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two journals as multisets of normalized entries: every contract field of the entry, the exchange
 * rate as a number, and the lines as a multiset of (role, account, side, amounts, product, customer); memo and
 * line order do not count. {@link #describe} explains a difference entry id by entry id.
 */
public final class JournalDiff {

    private JournalDiff() {
    }

    /** {@code usage}: a usage line's quantity and service period (null when the line has none or the schema lacks them). */
    public record Line(String role, String accountCode, String side, long amountMinor, long functionalAmountMinor,
            String productId, String customerId, String usage) {

        @Override
        public String toString() {
            return side + " " + role + "(" + accountCode + ") " + amountMinor + " / functional " + functionalAmountMinor
                    + (productId == null ? "" : " product=" + productId) + (customerId == null ? "" : " customer=" + customerId)
                    + (usage == null ? "" : " " + usage);
        }
    }

    private static String usage(JournalLine l) {
        if (!ReferenceLedger.SCHEMA_HAS_USAGE_FIELDS) {
            return null;
        }
        Object quantity = l.get("quantity");
        Object start = l.get("servicePeriodStart");
        Object end = l.get("servicePeriodEnd");
        if (quantity == null && start == null && end == null) {
            return null;
        }
        return "quantity=" + quantity + " service " + start + ".." + end;
    }

    public record Entry(String entryId, String entryType, String legalEntity, String erp, String postingDate,
            String postingPeriod, String originalPeriod, String currency, String functionalCurrency, String exchangeRate,
            String correlationId, String reversesEntryId, String source, List<Line> lines) {
    }

    private static final Comparator<Line> LINE_ORDER = Comparator.comparing(Line::toString);

    public static Entry normalize(JournalEntry e) {
        List<Line> lines = new ArrayList<>();
        for (JournalLine l : e.getLines()) {
            lines.add(new Line(l.getRole(), l.getAccountCode(), String.valueOf(l.getSide()), l.getAmountMinor(),
                    l.getFunctionalAmountMinor(), l.getProductId(), l.getCustomerId(), usage(l)));
        }
        lines.sort(LINE_ORDER);
        return new Entry(e.getEntryId(), String.valueOf(e.getEntryType()), e.getLegalEntity(), e.getErp(), e.getPostingDate(),
                e.getPostingPeriod(), e.getOriginalPeriod(), e.getCurrency(), e.getFunctionalCurrency(),
                rate(e.getExchangeRate()), e.getCorrelationId(), e.getReversesEntryId(),
                e.getSource() == null ? null : e.getSource().getSystem() + "/" + e.getSource().getObjectType() + "/"
                        + e.getSource().getObjectId() + "/" + e.getSource().getEventId(),
                List.copyOf(lines));
    }

    /** The rate as a canonical number text, so that "1.0800" and "1.08" compare equal. */
    private static String rate(String text) {
        try {
            BigDecimal r = new BigDecimal(text);
            return r.signum() == 0 ? "0" : r.stripTrailingZeros().toPlainString();
        } catch (RuntimeException e) {
            return "unparseable:" + text;
        }
    }

    public static Map<Entry, Integer> multiset(List<JournalEntry> journal) {
        Map<Entry, Integer> m = new HashMap<>();
        journal.forEach(e -> m.merge(normalize(e), 1, Integer::sum));
        return m;
    }

    public static boolean sameJournal(List<JournalEntry> expected, List<JournalEntry> actual) {
        return multiset(expected).equals(multiset(actual));
    }

    /** A readable account of how {@code actual} (the topology) differs from {@code expected} (the reference). */
    public static String describe(List<JournalEntry> expected, List<JournalEntry> actual) {
        Map<String, List<Entry>> exp = byId(expected);
        Map<String, List<Entry>> act = byId(actual);
        TreeSet<String> ids = new TreeSet<>(exp.keySet());
        ids.addAll(act.keySet());
        StringBuilder missing = new StringBuilder();
        StringBuilder extra = new StringBuilder();
        StringBuilder different = new StringBuilder();
        int nMissing = 0;
        int nExtra = 0;
        int nDifferent = 0;
        for (String id : ids) {
            List<Entry> e = exp.getOrDefault(id, List.of());
            List<Entry> a = act.getOrDefault(id, List.of());
            if (a.isEmpty()) {
                nMissing++;
                missing.append("  MISSING ").append(render(e.get(0))).append('\n');
            } else if (e.isEmpty()) {
                nExtra++;
                extra.append("  EXTRA   ").append(render(a.get(0))).append(a.size() > 1 ? "  (x" + a.size() + ")" : "").append('\n');
            } else if (a.size() != e.size()) {
                nDifferent++;
                different.append("  ").append(id).append(": reference has ").append(e.size()).append(" entries, topology ")
                        .append(a.size()).append('\n');
                for (Entry x : a) {
                    different.append("      topology: ").append(render(x)).append('\n');
                }
            } else if (!e.get(0).equals(a.get(0))) {
                nDifferent++;
                different.append(fieldDiff(e.get(0), a.get(0)));
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("journal differs: reference ").append(expected.size()).append(" entries, topology ").append(actual.size())
                .append("; missing ").append(nMissing).append(", extra ").append(nExtra).append(", different ")
                .append(nDifferent).append('\n');
        if (nDifferent > 0) {
            out.append("DIFFERENT (reference vs topology):\n").append(different);
        }
        if (nMissing > 0) {
            out.append("MISSING from the topology's journal:\n").append(missing);
        }
        if (nExtra > 0) {
            out.append("EXTRA in the topology's journal:\n").append(extra);
        }
        return out.toString();
    }

    private static String fieldDiff(Entry e, Entry a) {
        StringBuilder sb = new StringBuilder("  ").append(e.entryId()).append(":\n");
        Map<String, Object[]> fields = new LinkedHashMap<>();
        fields.put("entryType", new Object[] {e.entryType(), a.entryType()});
        fields.put("legalEntity", new Object[] {e.legalEntity(), a.legalEntity()});
        fields.put("erp", new Object[] {e.erp(), a.erp()});
        fields.put("postingDate", new Object[] {e.postingDate(), a.postingDate()});
        fields.put("postingPeriod", new Object[] {e.postingPeriod(), a.postingPeriod()});
        fields.put("originalPeriod", new Object[] {e.originalPeriod(), a.originalPeriod()});
        fields.put("currency", new Object[] {e.currency(), a.currency()});
        fields.put("functionalCurrency", new Object[] {e.functionalCurrency(), a.functionalCurrency()});
        fields.put("exchangeRate", new Object[] {e.exchangeRate(), a.exchangeRate()});
        fields.put("correlationId", new Object[] {e.correlationId(), a.correlationId()});
        fields.put("reversesEntryId", new Object[] {e.reversesEntryId(), a.reversesEntryId()});
        fields.put("source", new Object[] {e.source(), a.source()});
        fields.forEach((name, v) -> {
            if (!Objects.equals(v[0], v[1])) {
                sb.append("      ").append(name).append(": reference ").append(v[0]).append(" | topology ").append(v[1]).append('\n');
            }
        });
        if (!e.lines().equals(a.lines())) {
            TreeMap<String, Integer> count = new TreeMap<>();
            e.lines().forEach(l -> count.merge(l.toString(), 1, Integer::sum));
            a.lines().forEach(l -> count.merge(l.toString(), -1, Integer::sum));
            count.forEach((line, n) -> {
                if (n > 0) {
                    sb.append("      line only in reference: ").append(line).append('\n');
                } else if (n < 0) {
                    sb.append("      line only in topology:  ").append(line).append('\n');
                }
            });
        }
        return sb.toString();
    }

    public static String render(Entry e) {
        StringBuilder sb = new StringBuilder(e.entryId()).append(" [").append(e.entryType()).append(' ').append(e.legalEntity())
                .append('/').append(e.erp()).append(' ').append(e.postingDate()).append(" period ").append(e.postingPeriod());
        if (e.originalPeriod() != null) {
            sb.append(" (orig ").append(e.originalPeriod()).append(')');
        }
        sb.append(' ').append(e.currency()).append('>').append(e.functionalCurrency()).append('@').append(e.exchangeRate())
                .append(" corr=").append(e.correlationId());
        if (e.reversesEntryId() != null) {
            sb.append(" reverses=").append(e.reversesEntryId());
        }
        sb.append(" src=").append(e.source()).append("]");
        for (Line l : e.lines()) {
            sb.append("\n           ").append(l);
        }
        return sb.toString();
    }

    private static Map<String, List<Entry>> byId(List<JournalEntry> journal) {
        Map<String, List<Entry>> m = new TreeMap<>();
        journal.forEach(e -> m.computeIfAbsent(e.getEntryId(), k -> new ArrayList<>()).add(normalize(e)));
        return m;
    }
}
