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
        h.disputes().forEach(d -> invoiceOfObject.put("dispute:" + d.id(), h.invoiceOfDispute(d)));

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

        Map<String, Long> customerCredit = new HashMap<>();
        for (History.Dispute d : h.disputes()) {
            String inv = h.invoiceOfDispute(d);
            long receivable = byInvoice.getOrDefault(inv, List.of()).stream()
                    .filter(e -> e.getSource().getObjectId().equals(d.id()))
                    .mapToLong(e -> side(e, "DISPUTES_RECEIVABLE", null, Side.DEBIT) - side(e, "DISPUTES_RECEIVABLE", null, Side.CREDIT))
                    .sum();
            long expected = "open".equals(d.outcome()) ? d.amount() : 0;
            if (receivable != expected) {
                out.add(d.id() + ": disputes receivable " + receivable + " but the dispute is " + d.outcome() + " (" + expected + ")");
            }
        }
        for (History.Invoice inv : h.invoices()) {
            List<JournalEntry> entries = byInvoice.getOrDefault(inv.id(), List.of());
            // AR = amount due - payments - credit notes (transaction currency); a voided invoice owes nothing
            long paid = h.payments().stream().filter(p -> p.invoiceId().equals(inv.id())).mapToLong(History.Payment::amount).sum();
            long credited = h.creditNotes().stream().filter(c -> c.invoiceId().equals(inv.id()))
                    .mapToLong(History.CreditNote::total).sum();
            long expectedAr = voided.contains(inv.id()) ? 0 : inv.amountDue() - paid - credited;
            long ar = net(entries, "AR", null);
            if (ar != expectedAr) {
                out.add(inv.id() + ": AR balance " + ar + " but amount due " + inv.amountDue() + " - payments " + paid
                        + " - credit notes " + credited + (voided.contains(inv.id()) ? " (voided: 0)" : "") + " = " + expectedAr);
            }
            // customer credit: a negative invoice credits |total|, an invoice applying credit debits what it applied
            long credit = -net(entries, "CUSTOMER_CREDIT", null);
            long expectedCredit = voided.contains(inv.id()) ? 0 : inv.total() < 0 ? -inv.total() : -inv.appliedCredit();
            if (credit != expectedCredit) {
                out.add(inv.id() + ": customer credit " + credit + " but the invoice " + (inv.total() < 0 ? "credits " : "applies ")
                        + Math.abs(expectedCredit));
            }
            customerCredit.merge(inv.customerId() + " " + inv.currency(), credit, Long::sum);
            // deferred revenue: never of the other sign than the ratable lines; nothing left once every service period
            // ended or the invoice is voided
            long deferred = -net(entries, "DEFERRED_REVENUE", null);
            long ratableNet = inv.lines().stream().filter(l -> isRatable(h, l)).mapToLong(History.InvoiceLine::net).sum();
            boolean allEnded = inv.lines().stream().noneMatch(l -> isRatable(h, l) && l.periodEnd().isAfter(h.asOf()));
            if (ratableNet >= 0 ? deferred < 0 : deferred > 0) {
                out.add(inv.id() + ": deferred revenue balance " + deferred + " has the other sign than the ratable lines ("
                        + ratableNet + "): over-recognized");
            }
            if ((voided.contains(inv.id()) || allEnded) && deferred != 0) {
                out.add(inv.id() + ": deferred revenue balance " + deferred + " left although "
                        + (voided.contains(inv.id()) ? "the invoice is voided" : "every service period ended by " + h.asOf()));
            }
            if (voided.contains(inv.id()) && net(entries, "REVENUE", null) != 0) {
                out.add(inv.id() + ": voided but revenue balance " + -net(entries, "REVENUE", null));
            }
            // per product's ratable lines (a proration invoice has two lines of one product): recognized + deferred = net
            // - credited from deferred
            boolean refunded = entries.stream().anyMatch(e -> e.getEntryType() == EntryType.REFUND
                    || "DISPUTE_LOST".equals(e.getEntryType().name()));
            Map<String, List<History.InvoiceLine>> byProduct = new java.util.TreeMap<>();
            inv.lines().stream().filter(l -> isRatable(h, l))
                    .forEach(l -> byProduct.computeIfAbsent(l.productId(), k -> new ArrayList<>()).add(l));
            for (Map.Entry<String, List<History.InvoiceLine>> group : byProduct.entrySet()) {
                String product = group.getKey();
                Set<String> lineIds = new HashSet<>();
                group.getValue().forEach(l -> lineIds.add(l.id()));
                long lineNet = group.getValue().stream().mapToLong(History.InvoiceLine::net).sum();
                String what = group.getValue().size() == 1 ? group.getValue().get(0).id() : inv.id() + "/" + product;
                long invoiced = entries.stream().filter(e -> e.getEntryType() == EntryType.INVOICE)
                        .mapToLong(e -> side(e, "DEFERRED_REVENUE", product, Side.CREDIT)
                                - side(e, "DEFERRED_REVENUE", product, Side.DEBIT)).sum();
                long recognized = entries.stream().filter(e -> lineIds.contains(e.getSource().getObjectId()))
                        .mapToLong(e -> side(e, "DEFERRED_REVENUE", product, Side.DEBIT)
                                - side(e, "DEFERRED_REVENUE", product, Side.CREDIT)).sum();
                long creditedFromDeferred = entries.stream().filter(e -> e.getEntryType() == EntryType.CREDIT_NOTE)
                        .mapToLong(e -> side(e, "DEFERRED_REVENUE", product, Side.DEBIT)).sum();
                long lineDeferred = invoiced - recognized - creditedFromDeferred;
                if (!voided.contains(inv.id()) && invoiced != lineNet) {
                    out.add(what + ": invoiced to deferred revenue " + invoiced + " but the line net is " + lineNet);
                }
                if (lineNet >= 0 ? lineDeferred < 0 : lineDeferred > 0) {
                    out.add(what + ": recognized " + recognized + " + credited from deferred " + creditedFromDeferred
                            + " exceed the line net " + invoiced);
                }
                boolean ended = group.getValue().stream().noneMatch(l -> l.periodEnd().isAfter(h.asOf()));
                if (!voided.contains(inv.id()) && !refunded && ended && lineDeferred != 0) {
                    out.add(what + ": service period ended but recognized " + recognized + " + credited from deferred "
                            + creditedFromDeferred + " != line net " + invoiced);
                }
            }
        }
        customerCredit(customerCredit, out);
    }

    private static void customerCredit(Map<String, Long> credit, List<String> out) {
        credit.forEach((customer, balance) -> {
            if (balance < 0) {
                out.add(customer + ": more customer credit applied than the customer was credited (" + balance + ")");
            }
        });
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
