package io.ledgerline.serde;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Small schemas for serde and registry tests. */
final class TestSchemas {

    /** Same full name as {@link TestPayment} but without the optional memo: an older writer version. */
    static final Schema PAYMENT_V1 = SchemaBuilder.record("TestPayment").namespace("io.ledgerline.serde").fields()
            .requiredString("id")
            .requiredLong("amountCents")
            .endRecord();

    /** Adds an optional field with a default: BACKWARD compatible with v1. */
    static final Schema PAYMENT_V2 = SchemaBuilder.record("TestPayment").namespace("io.ledgerline.serde").fields()
            .requiredString("id")
            .requiredLong("amountCents")
            .optionalString("memo")
            .endRecord();

    /** Adds a required field without default: not BACKWARD compatible with v1. */
    static final Schema PAYMENT_REQUIRED_CURRENCY = SchemaBuilder.record("TestPayment")
            .namespace("io.ledgerline.serde").fields()
            .requiredString("id")
            .requiredLong("amountCents")
            .requiredString("currency")
            .endRecord();

    static final Schema ORDER = SchemaBuilder.record("Order").namespace("io.ledgerline.test").fields()
            .requiredString("orderId")
            .requiredInt("lines")
            .endRecord();

    private TestSchemas() {
    }

    static GenericRecord paymentV1(String id, long amountCents) {
        GenericRecord record = new GenericData.Record(PAYMENT_V1);
        record.put("id", id);
        record.put("amountCents", amountCents);
        return record;
    }

    static GenericRecord order(String orderId, int lines) {
        GenericRecord record = new GenericData.Record(ORDER);
        record.put("orderId", orderId);
        record.put("lines", lines);
        return record;
    }
}
