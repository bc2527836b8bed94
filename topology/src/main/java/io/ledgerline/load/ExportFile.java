package io.ledgerline.load;

/** The three export files {@code process} reads, in the order it replays them (master data first). */
public enum ExportFile {
    ERP_MASTERDATA("erp-masterdata.jsonl"),
    SALESFORCE_CDC("salesforce-cdc.jsonl"),
    STRIPE_EVENTS("stripe-events.jsonl");

    private final String fileName;

    ExportFile(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
