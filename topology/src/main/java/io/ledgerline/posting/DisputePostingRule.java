package io.ledgerline.posting;

import io.ledgerline.canonical.Dispute;
import io.ledgerline.canonical.DisputeStep;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.Side;
import io.ledgerline.money.ExchangeRate;
import io.ledgerline.state.DisputeState;
import io.ledgerline.state.InvoiceLedgerState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A card dispute of one of the invoice's payments, step by step. Funds withdrawn (DISPUTE): debit
 * DISPUTES_RECEIVABLE the disputed amount and BANK_FEES the fee, credit CASH their sum, at the day's rate. Funds
 * reinstated (DISPUTE_WON): debit CASH at the day's rate, credit DISPUTES_RECEIVABLE at the rate it was withdrawn at,
 * the difference to FX_GAIN_LOSS; the fee stays. Closed lost (DISPUTE_LOST): revenue taken back exactly as a refund
 * of the amount ({@link RevenueTakeBack}), credit DISPUTES_RECEIVABLE at its withdrawal rate. Opening and any other
 * close move no money.
 */
public final class DisputePostingRule {

    private DisputePostingRule() {
    }

    /** Records the step on the invoice's dispute; returns the entry it posts, if it moves money. */
    public static Optional<JournalEntry> post(Dispute step, String eventId, InvoiceLedgerState invoice, MasterDataView masterData) {
        if (!step.getCurrency().equals(invoice.getInvoice().getCurrency())) {
            throw new InvalidDocument("dispute " + step.getDisputeId() + " is in " + step.getCurrency() + " but invoice "
                    + invoice.getInvoice().getInvoiceId() + " of its payment is in " + invoice.getInvoice().getCurrency());
        }
        DisputeState dispute = disputeOf(invoice, step);
        dispute.setStatus(step.getStatus());
        dispute.setReason(step.getReason());
        dispute.setAmountMinor(step.getAmountMinor());
        List<String> steps = new ArrayList<>(dispute.getSteps());
        steps.add(step.getStep().name());
        dispute.setSteps(steps);

        EntityBook book = masterData.book(invoice.getLegalEntity());
        LocalDate date = PostingDates.of(step.getOccurredAt());
        ExchangeRate rate = book.rateToFunctional(step.getCurrency(), date);
        long amount = step.getAmountMinor();
        String memo = "dispute " + step.getDisputeId() + " of invoice " + invoice.getInvoice().getInvoiceId();
        if (step.getStep() == DisputeStep.FUNDS_WITHDRAWN) {
            long fee = step.getFeeMinor();
            dispute.setFeeMinor(dispute.getFeeMinor() + fee);
            dispute.setReceivableMinor(dispute.getReceivableMinor() + amount);
            dispute.setReceivableFunctionalMinor(dispute.getReceivableFunctionalMinor() + rate.convert(amount));
            return Optional.of(draft(book, EntryType.DISPUTE, rate, date, invoice, step, eventId)
                    .debit(Role.DISPUTES_RECEIVABLE, amount, null, memo)
                    .debit(Role.BANK_FEES, fee, null, "dispute fee, " + memo)
                    .credit(Role.CASH, amount + fee, null, memo)
                    .build());
        }
        if (step.getStep() == DisputeStep.FUNDS_REINSTATED) {
            long receivableFunctional = release(dispute, amount, rate);
            return Optional.of(draft(book, EntryType.DISPUTE_WON, rate, date, invoice, step, eventId)
                    .line(Role.CASH, Side.DEBIT, amount, rate.convert(amount), memo)
                    .line(Role.DISPUTES_RECEIVABLE, Side.CREDIT, amount, receivableFunctional, memo)
                    .realizedFx(memo)
                    .build());
        }
        if (step.getStep() == DisputeStep.CLOSED && "lost".equals(step.getStatus())) {
            RevenueTakeBack.Split split = RevenueTakeBack.take(invoice, amount, RevenueRecognitionRule.invoiceRate(invoice));
            long receivableFunctional = release(dispute, amount, rate);
            dispute.setLostMinor(dispute.getLostMinor() + amount);
            return Optional.of(draft(book, EntryType.DISPUTE_LOST, rate, date, invoice, step, eventId)
                    .line(Role.CONTRA_REVENUE, Side.DEBIT, split.contraMinor(), split.contraFunctionalMinor(), memo)
                    .line(Role.DEFERRED_REVENUE, Side.DEBIT, split.deferredMinor(), split.deferredFunctionalMinor(), memo)
                    .line(Role.DISPUTES_RECEIVABLE, Side.CREDIT, amount, receivableFunctional, memo)
                    .realizedFx(memo)
                    .build());
        }
        return Optional.empty();
    }

    private static EntryDraft draft(EntityBook book, EntryType type, ExchangeRate rate, LocalDate date,
                                    InvoiceLedgerState invoice, Dispute step, String eventId) {
        return EntryDraft.againstInvoice(book, type, rate, date, invoice, "dispute", step.getDisputeId(), eventId, null);
    }

    /**
     * Takes {@code amount} out of what DISPUTES_RECEIVABLE holds for the dispute and returns its functional amount:
     * the rate it was withdrawn at (all of it when all is released); the day's rate when nothing was withdrawn.
     */
    private static long release(DisputeState dispute, long amount, ExchangeRate dayRate) {
        long held = dispute.getReceivableMinor();
        long heldFunctional = dispute.getReceivableFunctionalMinor();
        long functional;
        if (held <= 0) {
            functional = dayRate.convert(amount);
        } else if (amount >= held) {
            functional = heldFunctional + dayRate.convert(amount - held);
        } else {
            functional = BigDecimal.valueOf(heldFunctional).multiply(BigDecimal.valueOf(amount))
                    .divide(BigDecimal.valueOf(held), 0, RoundingMode.HALF_UP).longValueExact();
        }
        long released = Math.min(amount, Math.max(held, 0));
        dispute.setReceivableMinor(held - released);
        dispute.setReceivableFunctionalMinor(held <= 0 ? heldFunctional : heldFunctional - Math.min(functional, heldFunctional));
        return functional;
    }

    private static DisputeState disputeOf(InvoiceLedgerState invoice, Dispute step) {
        for (DisputeState d : invoice.getDisputes()) {
            if (d.getDisputeId().equals(step.getDisputeId())) {
                return d;
            }
        }
        DisputeState created = DisputeState.newBuilder().setDisputeId(step.getDisputeId()).setAmountMinor(step.getAmountMinor())
                .setCurrency(step.getCurrency()).setStatus(step.getStatus()).build();
        invoice.setDisputes(Lists.with(invoice.getDisputes(), created));
        return created;
    }

    /** True when this step of the dispute was applied to the invoice already. */
    public static boolean applied(InvoiceLedgerState invoice, Dispute step) {
        return invoice.getDisputes().stream().anyMatch(d -> d.getDisputeId().equals(step.getDisputeId())
                && d.getSteps().contains(step.getStep().name()));
    }
}
