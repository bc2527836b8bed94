package io.ledgerline.alerts;

import io.ledgerline.ops.AlertSeverity;
import io.ledgerline.ops.WorkflowAlertKind;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How long each workflow condition may last before it is an alert, judged by the pipeline clock, and how severe it
 * is then. A kind without a threshold is not watched (JOURNAL_NOT_POSTED where no ERP reports posting results).
 * Configured as {@code ledgerline.alerts.<kind>=<ISO-8601 duration>|off}, e.g.
 * {@code ledgerline.alerts.order-not-provisioned=P3D}.
 */
public final class AlertThresholds {

    public static final String PREFIX = "ledgerline.alerts.";

    private static final Map<WorkflowAlertKind, Duration> DEFAULTS = Map.of(
            // a Closed Won order is usually provisioned the same day; three days covers a weekend
            WorkflowAlertKind.ORDER_NOT_PROVISIONED, Duration.ofDays(3),
            // an invoice that cannot be journaled holds up revenue and AR: finance should know within hours
            WorkflowAlertKind.INVOICE_NOT_JOURNALED, Duration.ofHours(4),
            // payments and refunds may precede their invoice by a few minutes; a day is no longer ordering
            WorkflowAlertKind.PAYMENT_UNMATCHED, Duration.ofHours(24),
            WorkflowAlertKind.JOURNAL_NOT_POSTED, Duration.ofHours(24),
            // reconciliation drifts: a booking is billed within a week; billing without a booking is a day's CRM lag
            WorkflowAlertKind.BOOKED_NOT_BILLED, Duration.ofDays(7),
            WorkflowAlertKind.BILLED_NOT_BOOKED, Duration.ofDays(1),
            WorkflowAlertKind.BOOKING_BILLING_MISMATCH, Duration.ofDays(1),
            // counted from the end of the period: the ERP posts the period's entries in the first days of the close
            WorkflowAlertKind.NOT_POSTED, Duration.ofDays(3),
            // the ERP said what it posted: a different amount needs no waiting
            WorkflowAlertKind.POSTED_AMOUNT_MISMATCH, Duration.ZERO);

    private final Map<WorkflowAlertKind, Duration> thresholds;

    private AlertThresholds(Map<WorkflowAlertKind, Duration> thresholds) {
        this.thresholds = thresholds.isEmpty() ? new EnumMap<>(WorkflowAlertKind.class) : new EnumMap<>(thresholds);
    }

    public static AlertThresholds defaults() {
        return new AlertThresholds(DEFAULTS);
    }

    /**
     * The thresholds {@code settings} name (keyed by kind, {@code order-not-provisioned}: the settings under
     * {@link #PREFIX}), the defaults for the kinds it does not name.
     *
     * @throws IllegalArgumentException naming the setting to fix
     */
    public static AlertThresholds of(Map<String, String> settings) {
        EnumMap<WorkflowAlertKind, Duration> out = new EnumMap<>(DEFAULTS);
        settings.forEach((name, value) -> {
            String key = PREFIX + name;
            WorkflowAlertKind kind = kindOf(name).orElseThrow(() -> new IllegalArgumentException(
                    key + ": no workflow alert is called '" + name + "'; use one of " + String.join(", ", DEFAULTS.keySet()
                            .stream().map(AlertThresholds::settingName).sorted().toList())));
            if (value.trim().equalsIgnoreCase("off")) {
                out.remove(kind);
            } else {
                try {
                    Duration d = Duration.parse(value.trim());
                    if (d.isNegative()) {
                        throw new IllegalArgumentException(key + "=" + value + ": a threshold must not be negative");
                    }
                    out.put(kind, d);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(key + "=" + value + ": expected an ISO-8601 duration such as PT4H or P3D, or off");
                }
            }
        });
        return new AlertThresholds(out);
    }

    /** The same thresholds with {@code kind} set ({@code null}: not watched). */
    /**
     * These thresholds without the kinds that wait for the ERP's posting results (JOURNAL_NOT_POSTED, NOT_POSTED,
     * POSTED_AMOUNT_MISMATCH): for a run whose input has no posting results, where no entry could ever be POSTED.
     */
    public AlertThresholds withoutErpPostingResults() {
        return with(WorkflowAlertKind.JOURNAL_NOT_POSTED, null).with(WorkflowAlertKind.NOT_POSTED, null)
                .with(WorkflowAlertKind.POSTED_AMOUNT_MISMATCH, null);
    }

    public AlertThresholds with(WorkflowAlertKind kind, Duration threshold) {
        EnumMap<WorkflowAlertKind, Duration> out = new EnumMap<>(WorkflowAlertKind.class);
        out.putAll(thresholds);
        if (threshold == null) {
            out.remove(kind);
        } else {
            out.put(kind, threshold);
        }
        return new AlertThresholds(out);
    }

    public Optional<Duration> threshold(WorkflowAlertKind kind) {
        return Optional.ofNullable(thresholds.get(kind));
    }

    public boolean watches(WorkflowAlertKind kind) {
        return thresholds.containsKey(kind);
    }

    public static AlertSeverity severity(WorkflowAlertKind kind) {
        return switch (kind) {
            case INVOICE_NOT_JOURNALED, JOURNAL_NOT_POSTED, POSTED_AMOUNT_MISMATCH -> AlertSeverity.CRITICAL;
            default -> AlertSeverity.WARNING;
        };
    }

    /** {@code ORDER_NOT_PROVISIONED} is configured as {@code order-not-provisioned}. */
    public static String settingName(WorkflowAlertKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Optional<WorkflowAlertKind> kindOf(String settingName) {
        for (WorkflowAlertKind kind : WorkflowAlertKind.values()) {
            if (settingName(kind).equals(settingName)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return thresholds.toString();
    }
}
