package io.ledgerline.serde;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Caches the immutable answers of a remote registry: id to schema, and (subject, schema) to id, so a schema is
 * registered over the network once per process. Latest versions, subjects and version lists change over time and are
 * passed through.
 */
public final class CachedSchemaRegistryClient implements SchemaRegistryClient {

    private final SchemaRegistryClient delegate;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

    public CachedSchemaRegistryClient(SchemaRegistryClient delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public int register(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer id = ids.get(schema);
        if (id == null) {
            // Not computeIfAbsent: that would hold a map lock across a network call.
            id = delegate.register(subject, schema);
            ids.putIfAbsent(schema, id);
            schemasById.putIfAbsent(id, schema);
        }
        return id;
    }

    @Override
    public Schema getById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            schema = delegate.getById(id);
            Schema raced = schemasById.putIfAbsent(id, schema);
            return raced != null ? raced : schema;
        }
        return schema;
    }

    @Override
    public SchemaVersion getLatest(String subject) {
        SchemaVersion latest = delegate.getLatest(subject);
        schemasById.putIfAbsent(latest.id(), latest.schema());
        return latest;
    }

    @Override
    public List<String> subjects() {
        return delegate.subjects();
    }

    @Override
    public List<Integer> versions(String subject) {
        return delegate.versions(subject);
    }

    public SchemaRegistryClient delegate() {
        return delegate;
    }
}
