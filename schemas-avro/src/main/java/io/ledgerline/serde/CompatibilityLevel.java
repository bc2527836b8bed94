package io.ledgerline.serde;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/** Confluent's (non-transitive) compatibility levels, checked with Avro's own reader/writer resolution rules. */
public enum CompatibilityLevel {
    NONE,
    /** Consumers using the new schema can read data written with the old one. */
    BACKWARD,
    /** Consumers still on the old schema can read data written with the new one. */
    FORWARD,
    FULL;

    /** Human-readable incompatibilities of {@code candidate} against {@code previous}; empty when compatible. */
    public List<String> incompatibilities(Schema candidate, Schema previous) {
        List<String> problems = new ArrayList<>();
        if (this == BACKWARD || this == FULL) {
            describe("BACKWARD (new schema cannot read data written with the old one)", candidate, previous, problems);
        }
        if (this == FORWARD || this == FULL) {
            describe("FORWARD (old schema cannot read data written with the new one)", previous, candidate, problems);
        }
        return problems;
    }

    private static void describe(String direction, Schema reader, Schema writer, List<String> into) {
        List<Incompatibility> found = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                .getResult().getIncompatibilities();
        for (Incompatibility incompatibility : found) {
            into.add(direction + ": " + incompatibility.getType() + " at " + incompatibility.getLocation() + ": "
                    + incompatibility.getMessage());
        }
    }
}
