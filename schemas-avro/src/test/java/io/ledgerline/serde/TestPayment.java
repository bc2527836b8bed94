package io.ledgerline.serde;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/** A hand-written equivalent of an avro-maven-plugin generated class, so tests need no code generation. */
public class TestPayment extends SpecificRecordBase {

    public static final Schema SCHEMA$ = new Schema.Parser().parse("""
            {"type": "record", "name": "TestPayment", "namespace": "io.ledgerline.serde", "fields": [
              {"name": "id", "type": {"type": "string", "avro.java.string": "String"}},
              {"name": "amountCents", "type": "long"},
              {"name": "memo", "type": ["null", {"type": "string", "avro.java.string": "String"}], "default": null}
            ]}""");

    private String id;
    private long amountCents;
    private String memo;

    /** Needed by SpecificDatumReader, which instantiates records reflectively. */
    public TestPayment() {
    }

    public TestPayment(String id, long amountCents, String memo) {
        this.id = id;
        this.amountCents = amountCents;
        this.memo = memo;
    }

    @Override
    public Schema getSchema() {
        return SCHEMA$;
    }

    @Override
    public Object get(int field) {
        return switch (field) {
            case 0 -> id;
            case 1 -> amountCents;
            case 2 -> memo;
            default -> throw new IndexOutOfBoundsException(field);
        };
    }

    @Override
    public void put(int field, Object value) {
        switch (field) {
            case 0 -> id = value.toString();
            case 1 -> amountCents = (Long) value;
            case 2 -> memo = value == null ? null : value.toString();
            default -> throw new IndexOutOfBoundsException(field);
        }
    }

    public String getId() {
        return id;
    }

    public long getAmountCents() {
        return amountCents;
    }

    public String getMemo() {
        return memo;
    }
}
