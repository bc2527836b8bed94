package io.ledgerline.reference;

import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accounting invariants any journal for a history must satisfy, whoever produced it. Each violation is a
 * readable sentence; an empty list means the journal passes.
 */
public final class LedgerInvariants {

    private LedgerInvariants() {
    }

    public static List<String> violations(History h, List<JournalEntry> journal) {
        List<String> out = new ArrayList<>();
        entryLevel(journal, out);
        invoiceLevel(h, journal, out);
        return out;
    }

    private static void entryLevel(List<JournalEntry> journal, List<String> out) {
        Set<String> ids = new HashSet<>();
        for (JournalEntry e : journal) {
            String id = e.getEntryId();
            if (!ids.add(id)) {
                out.add("duplicate entry id " + id);
            }
            long dr = 0;
            long cr = 0;
            long drF = 0;
            long crF = 0;
            for (JournalLine l : e.getLines()) {
                if (l.getAmountMinor() < 0 || l.getFunctionalAmountMinor() < 0) {
                    out.add(id + ": negative amount on " + line(l));
                }
                if (l.getAmountMinor() == 0 && l.getFunctionalAmountMinor() == 0) {
                    out.add(id + ": all-zero line " + line(l));
                }
                if (l.getSide() == Side.DEBIT) {
                    dr += l.getAmountMinor();
                    drF += l.getFunctionalAmountMinor();
                } else {
                    cr += l.getAmountMinor();
                    crF += l.getFunctionalAmountMinor();
                }
            }
            if (dr != cr) {
                out.add(id + ": unbalanced in " + e.getCurrency() + ": debits " + dr + " credits " + cr);
            }
            if (drF != crF) {
                out.add(id + ": unbalanced in functional " + e.getFunctionalCurrency() + ": debits " + drF + " credits " + crF);
            }
            if (e.getLines().isEmpty()) {
                out.add(id + ": no lines");
            }
        }
    }

    private static void invoiceLevel(History h, List<JournalEntry> journal, List<String> out) {
        Map<String, String> invoiceOfObject = new HashMap<>();
        for (History.Invoice inv : h.invoices()) {
            invoiceOfObject.put("invoice:" + inv.id(), inv.id());
            inv.lines().forEach(l -> invoiceOfObject.put("line_item:" + l.id(), inv.id()));
        }
        h.payments().forEach(p -> invoiceOfObject.put("invoice_payment:" + p.id(), p.invoiceId()));
        h.creditNotes().forEach(c -> invoiceOfObject.put("credit_note:" + c.id(), c.invoiceId()));
        h.refunds().forEach(r -> invoiceOfObject.put("refund:" + r.id(), h.invoiceOfRefund(r)));

        Map<String, List<JournalEntry>> byInvoice = new HashMap<>();
        for (JournalEntry e : journal) {
            String inv = invoiceOfObject.get(e.getSource().getObjectType() + ":" + e.getSource().getObjectId());
            if (inv == null) {
                out.add(e.getEntryId() + ": source " + e.getSource().getObjectType() + "/" + e.getSource().getObjectId()
                        + " is no object of the history");
            } else {
                byInvoice.computeIfAbsent(inv, k -> new ArrayList<>()).add(e);
            }
        }
        Set<String> voided = new HashSet<>();
        h.voids().forEach(v -> voided.add(v.invoiceId()));

        for (History.Invoice inv : h.invoices()) {
            List<JournalEntry> entries = byInvoice.getOrDefault(inv.id(), List.of());
            // AR = total - payments - credit notes (transaction currency); a voided invoice owes nothing
            long paid = h.payments().stream().filter(p -> p.invoiceId().equals(inv.id())).mapToLong(History.Payment::amount).sum();
            long credited = h.creditNotes().stream().filter(c -> c.invoiceId().equals(inv.id()))
                    .mapToLong(History.CreditNote::total).sum();
            long expectedAr = voided.contains(inv.id()) ? 0 : inv.total() - paid - credited;
            long ar = net(entries, "AR", null);
            if (ar != expectedAr) {
                out.add(inv.id() + ": AR balance " + ar + " but total " + inv.total() + " - payments " + paid
                        + " - credit notes " + credited + (voided.contains(inv.id()) ? " (voided: 0)" : "") + " = " + expectedAr);
            }
            // deferred revenue: never negative; nothing left once every service period ended or the invoice is voided
            long deferred = -net(entries, "DEFERRED_REVENUE", null);
            boolean allEnded = inv.lines().stream().noneMatch(l -> isRatable(h, l) && l.periodEnd().isAfter(h.asOf()));
            if (deferred < 0) {
                out.add(inv.id() + ": deferred revenue balance is negative (" + deferred + "): over-recognized");
            }
            if ((voided.contains(inv.id()) || allEnded) && deferred != 0) {
                out.add(inv.id() + ": deferred revenue balance " + deferred + " left although "
                        + (voided.contains(inv.id()) ? "the invoice is voided" : "every service period ended by " + h.asOf()));
            }
            if (voided.contains(inv.id()) && net(entries, "REVENUE", null) != 0) {
                out.add(inv.id() + ": voided but revenue balance " + -net(entries, "REVENUE", null));
            }
            // per ratable line: recognized + deferred = net - credited from deferred
            boolean refunded = entries.stream().anyMatch(e -> e.getEntryType() == EntryType.REFUND);
            for (History.InvoiceLine l : inv.lines()) {
                if (!isRatable(h, l)) {
                    continue;
                }
                long invoiced = entries.stream().filter(e -> e.getEntryType() == EntryType.INVOICE)
                        .mapToLong(e -> side(e, "DEFERRED_REVENUE", l.productId(), Side.CREDIT)).sum();
                long recognized = entries.stream().filter(e -> e.getSource().getObjectId().equals(l.id()))
                        .mapToLong(e -> side(e, "DEFERRED_REVENUE", l.productId(), Side.DEBIT)
                                - side(e, "DEFERRED_REVENUE", l.productId(), Side.CREDIT)).sum();
                long creditedFromDeferred = entries.stream().filter(e -> e.getEntryType() == EntryType.CREDIT_NOTE)
                        .mapToLong(e -> side(e, "DEFERRED_REVENUE", l.productId(), Side.DEBIT)).sum();
                long lineDeferred = invoiced - recognized - creditedFromDeferred;
                if (!voided.contains(inv.id()) && invoiced != l.net()) {
                    out.add(l.id() + ": invoiced to deferred revenue " + invoiced + " but the line net is " + l.net());
                }
                if (lineDeferred < 0) {
                    out.add(l.id() + ": recognized " + recognized + " + credited from deferred " + creditedFromDeferred
                            + " exceed the line net " + invoiced);
                }
                boolean ended = !l.periodEnd().isAfter(h.asOf());
                if (!voided.contains(inv.id()) && !refunded && ended && lineDeferred != 0) {
                    out.add(l.id() + ": service period ended but recognized " + recognized + " + credited from deferred "
                            + creditedFromDeferred + " != line net " + invoiced);
                }
            }
        }
    }

    private static boolean isRatable(History h, History.InvoiceLine l) {
        return h.products().stream().anyMatch(p -> p.id().equals(l.productId()) && p.ratable());
    }

    /** Debits minus credits of a role (optionally of one product) over the entries, transaction currency. */
    private static long net(List<JournalEntry> entries, String role, String productId) {
        long n = 0;
        for (JournalEntry e : entries) {
            n += side(e, role, productId, Side.DEBIT) - side(e, role, productId, Side.CREDIT);
        }
        return n;
    }

    private static long side(JournalEntry e, String role, String productId, Side side) {
        return e.getLines().stream().filter(l -> l.getRole().equals(role) && l.getSide() == side
                && (productId == null || productId.equals(l.getProductId()))).mapToLong(JournalLine::getAmountMinor).sum();
    }

    private static String line(JournalLine l) {
        return l.getRole() + " " + l.getSide() + " " + l.getAmountMinor() + "/" + l.getFunctionalAmountMinor();
    }

}
