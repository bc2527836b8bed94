package io.ledgerline.reconciliation;

import io.ledgerline.alerts.WorkflowAlerts;
import io.ledgerline.contract.ContractState;
import io.ledgerline.contract.CrmWriteback;
import io.ledgerline.contract.PublishedRecord;
import io.ledgerline.contract.Reconciliation;
import io.ledgerline.ops.WorkflowAlertKind;
import io.ledgerline.serde.AvroFingerprint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * What an account's contract state publishes: its drift conditions, one reconciliation record per currency (with the
 * identities' violations) and its CRM write-back records. The fingerprints of what was published are kept in the state
 * ({@code ContractState.published}), so a change compares with them instead of recomputing everything from the state
 * before it, and the comparison is the same after a restart as without one.
 */
public final class Publication {

    private static final String DRIFT = "drift:";
    private static final String RECONCILIATION = "reconciliation:";
    private static final String WRITEBACK = "writeback:";

    /** One currency's record and what the identities say about it. */
    public record Currency(ReconciliationFigures.Sides sides, List<String> violations, Reconciliation record) {
    }

    private final List<WorkflowAlerts.Condition> drifts;
    private final List<Currency> currencies;
    private final Collection<CrmWriteback> writebacks;
    private final Map<String, Long> fingerprints = new TreeMap<>();

    private Publication(List<WorkflowAlerts.Condition> drifts, List<Currency> currencies, Collection<CrmWriteback> writebacks) {
        this.drifts = drifts;
        this.currencies = currencies;
        this.writebacks = writebacks;
        drifts.forEach(c -> fingerprints.put(DRIFT + c.alertId(), 0L));
        currencies.forEach(c -> fingerprints.put(RECONCILIATION + c.sides().currency(), figuresFingerprint(c.record())));
        writebacks.forEach(w -> fingerprints.put(WRITEBACK + w.getRecordId(), AvroFingerprint.of(CrmWriteback.SCHEMA$, w)));
    }

    /**
     * What {@code state} publishes as of {@code now}.
     *
     * @param start   when a drift that began at a time starts counting (the grace rule)
     * @param watched the drift kinds the deployment watches (NOT_POSTED only where the ERP reports results)
     */
    public static Publication of(ContractState state, Instant now, UnaryOperator<Instant> start, Predicate<WorkflowAlertKind> watched) {
        List<WorkflowAlerts.Condition> drifts = Drifts.of(state, start, watched);
        List<Currency> currencies = new ArrayList<>();
        for (String currency : ReconciliationFigures.currencies(state)) {
            ReconciliationFigures.Sides sides = ReconciliationFigures.sides(state, currency);
            List<String> violations = Identities.violations(sides);
            currencies.add(new Currency(sides, violations,
                    ReconciliationFigures.record(state, sides, now, Drifts.inRecord(drifts, currency, now, watched), violations)));
        }
        return new Publication(drifts, currencies, BillingWriteback.of(state).values());
    }

    /**
     * The fingerprints {@code before} published; for a state saved before they were kept, recomputed from it (the same
     * comparison as before they were kept).
     */
    public static Map<String, Long> publishedBy(ContractState before, Instant now, UnaryOperator<Instant> start,
                                                Predicate<WorkflowAlertKind> watched) {
        if (before == null) {
            return Map.of();
        }
        if (before.getPublished().isEmpty()) {
            return of(before, now, start, watched).fingerprints;
        }
        Map<String, Long> out = new TreeMap<>();
        before.getPublished().forEach(p -> out.put(p.getKey(), p.getFingerprint()));
        return out;
    }

    public List<WorkflowAlerts.Condition> drifts() {
        return drifts;
    }

    public List<Currency> currencies() {
        return currencies;
    }

    /** The drifts {@code before} watched that this publication no longer has: they ended. */
    public List<String> endedDrifts(Map<String, Long> before) {
        return before.keySet().stream().filter(k -> k.startsWith(DRIFT) && !fingerprints.containsKey(k))
                .map(k -> k.substring(DRIFT.length())).toList();
    }

    /** Whether the currency's record says something {@code before} did not publish (its asOf aside). */
    public boolean changed(Currency currency, Map<String, Long> before) {
        String key = RECONCILIATION + currency.sides().currency();
        return !fingerprints.get(key).equals(before.get(key));
    }

    /** The write-back records that differ from what {@code before} published. */
    public List<CrmWriteback> changedWritebacks(Map<String, Long> before) {
        return writebacks.stream().filter(w -> {
            String key = WRITEBACK + w.getRecordId();
            return !fingerprints.get(key).equals(before.get(key));
        }).toList();
    }

    /** The fingerprints to keep in the state, in key order. */
    public List<PublishedRecord> fingerprints() {
        List<PublishedRecord> out = new ArrayList<>(fingerprints.size());
        fingerprints.forEach((key, fingerprint) -> out.add(new PublishedRecord(key, fingerprint)));
        return out;
    }

    /** A record's figures: its asOf moves with every change and says nothing new by itself. */
    private static long figuresFingerprint(Reconciliation record) {
        Instant asOf = record.getAsOf();
        record.setAsOf(Instant.EPOCH);
        try {
            return AvroFingerprint.of(Reconciliation.SCHEMA$, record);
        } finally {
            record.setAsOf(asOf);
        }
    }
}
