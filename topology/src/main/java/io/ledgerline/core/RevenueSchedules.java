package io.ledgerline.core;

import io.ledgerline.contract.RevenueSchedule;
import io.ledgerline.contract.ScheduleMonth;
import io.ledgerline.posting.RecognitionSchedule;
import io.ledgerline.serde.LogicalTypeModel;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.state.RatableLineState;
import io.ledgerline.state.RecognizedMonth;
import io.ledgerline.state.UsageLineState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The analysts' view of an invoice's revenue schedules: recognized months as posted, the rest as planned. */
final class RevenueSchedules {

    private RevenueSchedules() {
    }

    /**
     * The schedules of {@code after} that differ from the same line's schedule in {@code before} (all of them when
     * there was no before): a payment or a dispute changes the invoice but none of its schedules, and an analyst's
     * topic should not get the same schedule again for it.
     */
    static List<RevenueSchedule> changed(InvoiceLedgerState before, InvoiceLedgerState after) {
        List<RevenueSchedule> now = of(after);
        if (before == null) {
            return now;
        }
        Map<String, RevenueSchedule> previous = new HashMap<>();
        of(before).forEach(s -> previous.put(s.getLineId(), s));
        List<RevenueSchedule> changed = new ArrayList<>(now.size());
        for (RevenueSchedule schedule : now) {
            RevenueSchedule was = previous.get(schedule.getLineId());
            // Avro's own equals cannot compare logical-type values inside unions; the model with conversions can
            if (was == null || LogicalTypeModel.specific().compare(schedule, was, RevenueSchedule.SCHEMA$) != 0) {
                changed.add(schedule);
            }
        }
        return changed;
    }

    static List<RevenueSchedule> of(InvoiceLedgerState invoice) {
        List<RevenueSchedule> out = new ArrayList<>(invoice.getRatableLines().size() + invoice.getUsageLines().size());
        for (RatableLineState line : invoice.getRatableLines()) {
            List<ScheduleMonth> months = new ArrayList<>();
            for (RecognizedMonth m : line.getRecognizedMonths()) {
                months.add(new ScheduleMonth(m.getMonth(), m.getAmountMinor(), "RECOGNIZED"));
            }
            if (!line.getStopped()) {
                for (Map.Entry<YearMonth, Long> m : RecognitionSchedule.plan(line).entrySet()) {
                    months.add(new ScheduleMonth(m.getKey().toString(), m.getValue(), "PLANNED"));
                }
            }
            String status = line.getStopped() ? "STOPPED" : line.getDeferredMinor() == 0 ? "COMPLETE" : "ACTIVE";
            out.add(schedule(invoice, line.getLineId(), line.getProductId(), line.getPeriodStart(), line.getPeriodEnd(),
                    line.getNetMinor())
                    .setRecognizedMinor(line.getRecognizedMinor())
                    .setDeferredMinor(line.getDeferredMinor())
                    .setCreditedMinor(line.getCreditedMinor())
                    .setStatus(status)
                    .setMonths(months)
                    .build());
        }
        for (UsageLineState line : invoice.getUsageLines()) {
            // revenue when invoiced: one month, the invoice's, recognized at once
            String month = YearMonth.from(LocalDate.ofInstant(invoice.getInvoice().getEffectiveAt(), ZoneOffset.UTC)).toString();
            out.add(schedule(invoice, line.getLineId(), line.getProductId(), line.getPeriodStart(), line.getPeriodEnd(),
                    line.getNetMinor())
                    .setRecognizedMinor(line.getNetMinor())
                    .setDeferredMinor(0)
                    .setCreditedMinor(0)
                    .setStatus(invoice.getVoided() ? "STOPPED" : "COMPLETE")
                    .setRecognition("USAGE")
                    .setQuantity(line.getQuantity())
                    .setMonths(List.of(new ScheduleMonth(month, line.getNetMinor(), "RECOGNIZED")))
                    .build());
        }
        return out;
    }

    /** What every schedule of the invoice's lines carries: the line, its invoice, transaction and service period. */
    private static RevenueSchedule.Builder schedule(InvoiceLedgerState invoice, String lineId, String productId,
                                                    Instant periodStart, Instant periodEnd, long netMinor) {
        return RevenueSchedule.newBuilder()
                .setLineId(lineId)
                .setInvoiceId(invoice.getInvoice().getInvoiceId())
                .setAccountId(invoice.getAccountId())
                .setCorrelationId(invoice.getCorrelationId())
                .setLegalEntity(invoice.getLegalEntity())
                .setProductId(productId)
                .setCurrency(invoice.getInvoice().getCurrency())
                .setPeriodStart(date(periodStart))
                .setPeriodEnd(date(periodEnd))
                .setNetMinor(netMinor);
    }

    private static String date(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }
}
