package io.ledgerline.serde;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Counts calls that reach the wrapped registry, to prove the serdes' caches keep registry calls off the hot path. */
final class CountingSchemaRegistryClient implements SchemaRegistryClient {

    final AtomicInteger registerCalls = new AtomicInteger();
    final AtomicInteger getByIdCalls = new AtomicInteger();
    final AtomicInteger getLatestCalls = new AtomicInteger();
    private final SchemaRegistryClient delegate;

    CountingSchemaRegistryClient(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public int register(String subject, Schema schema) {
        registerCalls.incrementAndGet();
        return delegate.register(subject, schema);
    }

    @Override
    public Schema getById(int id) {
        getByIdCalls.incrementAndGet();
        return delegate.getById(id);
    }

    @Override
    public SchemaVersion getLatest(String subject) {
        getLatestCalls.incrementAndGet();
        return delegate.getLatest(subject);
    }

    @Override
    public List<String> subjects() {
        return delegate.subjects();
    }

    @Override
    public List<Integer> versions(String subject) {
        return delegate.versions(subject);
    }
}
