package io.ledgerline.waits;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a parked event waits for. The prefix is how the thing is named in a {@link WaitKey} and, for master data,
 * the key prefix of the ERP record whose arrival releases the event ({@code customer_crosswalk:001…}).
 */
public enum WaitKind {
    CROSSWALK("customer_crosswalk"),
    LEGAL_ENTITY("legal_entity"),
    PRODUCT_MAPPING("product_mapping"),
    GL_MAPPING("gl_mapping"),
    FX_RATE("fx_rate"),
    OPEN_PERIOD("accounting_period"),
    CURRENCY("currency"),
    INVOICE("invoice"),
    PAYMENT("payment_intent"),
    SUBSCRIPTION("subscription"),
    IDENTITY("identity"),
    RESYNC("resync"),
    ERP_POSTING("erp_posting"),
    /** A journal entry the ledger has not journaled yet (the ERP's result for it came first). */
    JOURNAL_ENTRY("journal_entry"),
    OPERATOR("operator");

    private final String prefix;

    WaitKind(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    static Optional<WaitKind> ofPrefix(String prefix) {
        return Arrays.stream(values()).filter(k -> k.prefix.equals(prefix)).findFirst();
    }
}
