package io.ledgerline.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A schema registry held in memory with Confluent's semantics: ids are global and start at 1, versions start at 1 per
 * subject, registering a schema already in the subject returns its existing id, and a schema registered under
 * another subject reuses its global id. New versions are checked against the subject's latest version at the
 * configured {@link CompatibilityLevel} (BACKWARD by default). Thread-safe.
 *
 * <p>{@link #named(String)} gives the JVM-wide instance behind {@code mock://scope} URLs.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, InMemorySchemaRegistry> NAMED = new ConcurrentHashMap<>();

    // Schemas are keyed by their JSON form: it is what the registry stores, and it is immutable unlike Schema.
    private final Map<String, Integer> idsByJson = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<SchemaVersion>> versionsBySubject = new TreeMap<>();
    private volatile CompatibilityLevel compatibility;
    private int nextId = 1;

    public InMemorySchemaRegistry() {
        this(CompatibilityLevel.BACKWARD);
    }

    public InMemorySchemaRegistry(CompatibilityLevel compatibility) {
        this.compatibility = Objects.requireNonNull(compatibility, "compatibility");
    }

    /** The shared instance for {@code scope}, created on first use; the same object for the life of the JVM. */
    public static InMemorySchemaRegistry named(String scope) {
        return NAMED.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
    }

    /** Forgets the shared instance for {@code scope}, so the next {@link #named} call starts empty. */
    public static void drop(String scope) {
        NAMED.remove(scope);
    }

    public void setCompatibility(CompatibilityLevel compatibility) {
        this.compatibility = Objects.requireNonNull(compatibility, "compatibility");
    }

    public CompatibilityLevel compatibility() {
        return compatibility;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        String json = schema.toString();
        List<SchemaVersion> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer knownId = idsByJson.get(json);
        if (knownId != null) {
            for (SchemaVersion existing : versions) {
                if (existing.id() == knownId) {
                    return knownId;
                }
            }
        }
        if (!versions.isEmpty()) {
            checkCompatible(subject, schema, versions.get(versions.size() - 1));
        }
        int id = knownId != null ? knownId : nextId++;
        idsByJson.put(json, id);
        schemasById.putIfAbsent(id, schema);
        versions.add(new SchemaVersion(subject, versions.size() + 1, id, schema));
        return id;
    }

    private void checkCompatible(String subject, Schema candidate, SchemaVersion latest) {
        List<String> problems = compatibility.incompatibilities(candidate, latest.schema());
        if (!problems.isEmpty()) {
            throw new SchemaRegistryException(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with version " + latest.version() + " of subject '"
                            + subject + "' under " + compatibility + " compatibility: " + String.join("; ", problems));
        }
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                    "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized SchemaVersion getLatest(String subject) {
        List<SchemaVersion> versions = existingVersions(subject);
        return versions.get(versions.size() - 1);
    }

    @Override
    public synchronized List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        versionsBySubject.forEach((subject, versions) -> {
            if (!versions.isEmpty()) {
                subjects.add(subject);
            }
        });
        return subjects;
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        return existingVersions(subject).stream().map(SchemaVersion::version).toList();
    }

    /** The given version of a subject; used by the test HTTP registry and tooling. */
    public synchronized SchemaVersion getVersion(String subject, int version) {
        List<SchemaVersion> versions = existingVersions(subject);
        if (version < 1 || version > versions.size()) {
            throw new SchemaRegistryException(404, SchemaRegistryException.VERSION_NOT_FOUND,
                    "Version " + version + " not found for subject '" + subject + "'");
        }
        return versions.get(version - 1);
    }

    private List<SchemaVersion> existingVersions(String subject) {
        List<SchemaVersion> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                    "Subject '" + subject + "' not found");
        }
        return versions;
    }
}
