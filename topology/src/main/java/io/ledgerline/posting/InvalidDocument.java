package io.ledgerline.posting;

/**
 * A billing document the rules cannot book as it is (a payment in another currency than its invoice): a business
 * problem for an operator, unlike a failed invariant, which is a bug.
 */
public final class InvalidDocument extends RuntimeException {

    public InvalidDocument(String message) {
        super(message, null, false, false);
    }
}
