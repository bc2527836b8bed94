package io.ledgerline.posting;

/** Account roles the posting rules work on; the ERP's gl_mapping turns a role into a GL account per legal entity. */
public enum Role {
    AR,
    CASH,
    DEFERRED_REVENUE,
    REVENUE,
    TAX_PAYABLE,
    FX_GAIN_LOSS,
    CONTRA_REVENUE,
    ROUNDING,
    /** what the customer holds as credit: a negative invoice, applied to later invoices */
    CUSTOMER_CREDIT,
    /** cash withdrawn by a card dispute until it is won back or lost */
    DISPUTES_RECEIVABLE,
    BANK_FEES
}
