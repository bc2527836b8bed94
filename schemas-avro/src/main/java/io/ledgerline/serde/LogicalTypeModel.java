package io.ledgerline.serde;

import org.apache.avro.Conversions;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;

/**
 * A SpecificData model that knows every standard logical type. A generated class's own model only registers the
 * conversions of its own fields, so a record nesting another record with a timestamp (an invoice state holding
 * an invoice) could not be written or read with it.
 */
public final class LogicalTypeModel {

    private static final SpecificData SPECIFIC = withConversions(new SpecificData());

    private LogicalTypeModel() {
    }

    public static SpecificData specific() {
        return SPECIFIC;
    }

    private static SpecificData withConversions(SpecificData model) {
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new Conversions.UUIDConversion());
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
        return model;
    }
}
