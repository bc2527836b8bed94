package io.ledgerline.core;

import io.ledgerline.contract.RevenueSchedule;
import io.ledgerline.contract.ScheduleMonth;
import io.ledgerline.posting.RecognitionSchedule;
import io.ledgerline.state.InvoiceLedgerState;
import io.ledgerline.state.RatableLineState;
import io.ledgerline.state.RecognizedMonth;
import io.ledgerline.state.UsageLineState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The analysts' view of an invoice's revenue schedules: recognized months as posted, the rest as planned. */
final class RevenueSchedules {

    private RevenueSchedules() {
    }

    static List<RevenueSchedule> of(InvoiceLedgerState invoice) {
        List<RevenueSchedule> out = new ArrayList<>(invoice.getRatableLines().size());
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
            out.add(RevenueSchedule.newBuilder()
                    .setLineId(line.getLineId())
                    .setInvoiceId(invoice.getInvoice().getInvoiceId())
                    .setAccountId(invoice.getAccountId())
                    .setCorrelationId(invoice.getCorrelationId())
                    .setLegalEntity(invoice.getLegalEntity())
                    .setProductId(line.getProductId())
                    .setCurrency(invoice.getInvoice().getCurrency())
                    .setPeriodStart(date(line.getPeriodStart()))
                    .setPeriodEnd(date(line.getPeriodEnd()))
                    .setNetMinor(line.getNetMinor())
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
            out.add(RevenueSchedule.newBuilder()
                    .setLineId(line.getLineId())
                    .setInvoiceId(invoice.getInvoice().getInvoiceId())
                    .setAccountId(invoice.getAccountId())
                    .setCorrelationId(invoice.getCorrelationId())
                    .setLegalEntity(invoice.getLegalEntity())
                    .setProductId(line.getProductId())
                    .setCurrency(invoice.getInvoice().getCurrency())
                    .setPeriodStart(date(line.getPeriodStart()))
                    .setPeriodEnd(date(line.getPeriodEnd()))
                    .setNetMinor(line.getNetMinor())
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

    private static String date(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }
}
