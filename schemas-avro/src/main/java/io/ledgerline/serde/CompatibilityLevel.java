package io.ledgerline.serde;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Confluent's compatibility levels, checked with Avro's own reader/writer resolution rules
 * ({@link SchemaCompatibility}). A plain level compares a new schema with the subject's latest version, a
 * {@code *_TRANSITIVE} one with every version.
 */
public enum CompatibilityLevel {
    NONE,
    /** Consumers using the new schema can read data written with the old one. */
    BACKWARD,
    /** {@link #BACKWARD} against every earlier version, not only the latest. */
    BACKWARD_TRANSITIVE,
    /** Consumers still on the old schema can read data written with the new one. */
    FORWARD,
    FORWARD_TRANSITIVE,
    /** Both {@link #BACKWARD} and {@link #FORWARD}. */
    FULL,
    FULL_TRANSITIVE;

    /** True when a new schema is checked against every existing version, not only the latest. */
    public boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }

    /** Human-readable incompatibilities of {@code candidate} against {@code previous}; empty when compatible. */
    public List<String> incompatibilities(Schema candidate, Schema previous) {
        List<String> problems = new ArrayList<>();
        if (this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE) {
            describe("BACKWARD (new schema cannot read data written with the old one)", candidate, previous, problems);
        }
        if (this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE) {
            describe("FORWARD (old schema cannot read data written with the new one)", previous, candidate, problems);
        }
        return problems;
    }

    /**
     * Incompatibilities of {@code candidate} against the {@code existing} versions of a subject, oldest first: all of
     * them for a transitive level, the latest alone otherwise. Each finding names the version it fails against.
     */
    public List<String> incompatibilities(Schema candidate, List<SchemaVersion> existing) {
        List<String> problems = new ArrayList<>();
        if (this == NONE || existing.isEmpty()) {
            return problems;
        }
        List<SchemaVersion> against = transitive() ? existing : List.of(existing.get(existing.size() - 1));
        for (SchemaVersion version : against) {
            for (String problem : incompatibilities(candidate, version.schema())) {
                problems.add("version " + version.version() + ": " + problem);
            }
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
