package io.ledgerline.ledger;

import io.ledgerline.contract.ContractState;
import io.ledgerline.state.InvoiceLedgerState;
import java.util.Optional;

/**
 * What the ledger reads of the state of its accounts. The ledger never writes through it: what changed comes back
 * in the {@link LedgerResult}, and the caller saves it. Each call returns a copy the ledger may change.
 */
public interface LedgerBook {

    Optional<InvoiceLedgerState> invoice(String invoiceId);

    /** The invoice a payment intent paid, once its payment is booked. */
    Optional<String> invoiceOfPaymentIntent(String paymentIntentId);

    Optional<ContractState> contract(String accountId);
}
