package io.ledgerline.serde;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent schema registry that the serdes and tooling need. Implementations throw
 * {@link SchemaRegistryException} for registry errors.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject}; idempotent: the same schema always gets the same id. */
    int register(String subject, Schema schema);

    Schema getById(int id);

    SchemaVersion getLatest(String subject);

    List<String> subjects();

    List<Integer> versions(String subject);
}
