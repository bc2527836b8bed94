package io.ledgerline.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * How serdes surface registry failures. A definite 4xx answer (unknown id, incompatible or unregistered schema) is
 * about the record, so it becomes a {@link SerializationException} that dead-letter handling can act on. An
 * unreachable or failing registry is propagated as is: the record is fine and must not be dead-lettered for it.
 */
final class RegistryErrors {

    private RegistryErrors() {
    }

    static RuntimeException translate(String context, SchemaRegistryException e) {
        if (e.isClientError()) {
            return new SerializationException(context + ": " + e.getMessage(), e);
        }
        return e;
    }
}
