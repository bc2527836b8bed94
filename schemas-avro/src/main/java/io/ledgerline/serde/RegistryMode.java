package io.ledgerline.serde;

/**
 * Confluent's registry modes. {@link #READONLY} and {@link #READONLY_OVERRIDE} refuse registrations and deletions;
 * {@link #IMPORT} is accepted and reported, but this in-memory registry still assigns ids itself.
 */
public enum RegistryMode {
    READWRITE,
    READONLY,
    READONLY_OVERRIDE,
    IMPORT;

    public boolean writable() {
        return this == READWRITE || this == IMPORT;
    }
}
