package io.ledgerline.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A schema registry held in memory with Confluent's semantics: ids are global and start at 1, versions start at 1 per
 * subject, registering a schema already in the subject returns its existing id, and a schema registered under
 * another subject reuses its global id. New versions are checked against the subject's existing versions at its
 * {@link CompatibilityLevel} (the subject's own level, else the global one, BACKWARD by default; the latest version
 * only, or every one for a {@code *_TRANSITIVE} level). Subjects and versions are deleted softly first (hidden but kept,
 * their ids still resolve), then permanently; {@link RegistryMode#READONLY} refuses both registrations and
 * deletions. Thread-safe.
 *
 * <p>{@link #named(String)} gives the JVM-wide instance behind {@code mock://scope} URLs.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    /** The version number meaning "the latest", as in {@code /versions/latest} or {@code /versions/-1}. */
    public static final int LATEST = -1;

    private static final Map<String, InMemorySchemaRegistry> NAMED = new ConcurrentHashMap<>();

    /** One registered version and whether it was soft-deleted. */
    private static final class Stored {
        final SchemaVersion version;
        boolean deleted;

        Stored(SchemaVersion version) {
            this.version = version;
        }
    }

    // Schemas are keyed by their JSON form: it is what the registry stores, and it is immutable unlike Schema.
    private final Map<String, Integer> idsByJson = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Stored>> versionsBySubject = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectCompatibility = new HashMap<>();
    private final Map<String, RegistryMode> subjectModes = new HashMap<>();
    private volatile CompatibilityLevel compatibility;
    private volatile RegistryMode mode = RegistryMode.READWRITE;
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

    // ---- configuration

    /** Sets the global compatibility level. */
    public void setCompatibility(CompatibilityLevel compatibility) {
        this.compatibility = Objects.requireNonNull(compatibility, "compatibility");
    }

    /** The global compatibility level. */
    public CompatibilityLevel compatibility() {
        return compatibility;
    }

    /** The level a registration under {@code subject} is checked at: the subject's own, else the global one. */
    public synchronized CompatibilityLevel compatibility(String subject) {
        return subjectCompatibility.getOrDefault(subject, compatibility);
    }

    /** The subject's own level, if one was set. */
    public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectCompatibility.get(subject));
    }

    /** Sets the subject's own level; the subject need not exist yet. */
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        subjectCompatibility.put(subject, Objects.requireNonNull(level, "level"));
    }

    /**
     * Removes the subject's own level, so the global one applies again.
     *
     * @return the level the subject had before: its own, else the global one
     * @throws SchemaRegistryException 40401 when the subject has neither versions nor a level of its own
     */
    public synchronized CompatibilityLevel deleteCompatibility(String subject) {
        CompatibilityLevel own = subjectCompatibility.remove(subject);
        if (own == null && !versionsBySubject.containsKey(subject)) {
            throw subjectNotFound(subject);
        }
        return own != null ? own : compatibility;
    }

    public RegistryMode mode() {
        return mode;
    }

    /**
     * Sets the global mode.
     *
     * @param force allow {@link RegistryMode#IMPORT} even though subjects exist
     * @throws SchemaRegistryException 42205 when switching to IMPORT with subjects registered and without force
     */
    public synchronized void setMode(RegistryMode mode, boolean force) {
        Objects.requireNonNull(mode, "mode");
        if (mode == RegistryMode.IMPORT && !force && !versionsBySubject.isEmpty()) {
            throw new SchemaRegistryException(422, SchemaRegistryException.OPERATION_NOT_PERMITTED,
                    "Cannot import since found existing subjects");
        }
        this.mode = mode;
    }

    /** The mode that governs {@code subject}: its own, else the global one. */
    public synchronized RegistryMode mode(String subject) {
        return subjectModes.getOrDefault(subject, mode);
    }

    public synchronized Optional<RegistryMode> subjectMode(String subject) {
        return Optional.ofNullable(subjectModes.get(subject));
    }

    /** Sets the subject's own mode; see {@link #setMode(RegistryMode, boolean)} for {@code force}. */
    public synchronized void setMode(String subject, RegistryMode mode, boolean force) {
        Objects.requireNonNull(mode, "mode");
        if (mode == RegistryMode.IMPORT && !force && versionsBySubject.containsKey(subject)) {
            throw new SchemaRegistryException(422, SchemaRegistryException.OPERATION_NOT_PERMITTED,
                    "Cannot import since found existing subjects");
        }
        subjectModes.put(subject, mode);
    }

    /**
     * Removes the subject's own mode.
     *
     * @return the mode the subject had before: its own, else the global one
     * @throws SchemaRegistryException 40401 when the subject has neither versions nor a mode of its own
     */
    public synchronized RegistryMode deleteMode(String subject) {
        RegistryMode own = subjectModes.remove(subject);
        if (own == null && !versionsBySubject.containsKey(subject)) {
            throw subjectNotFound(subject);
        }
        return own != null ? own : mode;
    }

    // ---- registration and look-up

    @Override
    public synchronized int register(String subject, Schema schema) {
        requireWritable(subject);
        String json = schema.toString();
        Integer knownId = idsByJson.get(json);
        List<Stored> stored = versionsBySubject.getOrDefault(subject, List.of());
        if (knownId != null) {
            for (Stored existing : stored) {
                if (!existing.deleted && existing.version.id() == knownId) {
                    return knownId;
                }
            }
        }
        CompatibilityLevel level = compatibility(subject);
        List<String> problems = level.incompatibilities(schema, live(stored));
        if (!problems.isEmpty()) {
            throw new SchemaRegistryException(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject '" + subject
                            + "' under " + level + " compatibility: " + String.join("; ", problems));
        }
        int id = knownId != null ? knownId : nextId++;
        idsByJson.put(json, id);
        schemasById.putIfAbsent(id, schema);
        int version = stored.isEmpty() ? 1 : stored.get(stored.size() - 1).version.version() + 1;
        versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>())
                .add(new Stored(new SchemaVersion(subject, version, id, schema)));
        return id;
    }

    /**
     * The version of {@code subject} that holds {@code schema}, what a serializer asks when it may not register.
     *
     * @throws SchemaRegistryException 40401 for an unknown subject, 40403 when no version holds the schema
     */
    public synchronized SchemaVersion lookup(String subject, Schema schema, boolean includeDeleted) {
        List<Stored> stored = visible(subject, includeDeleted);
        String json = schema.toString();
        for (Stored candidate : stored) {
            if ((includeDeleted || !candidate.deleted) && candidate.version.schema().toString().equals(json)) {
                return candidate.version;
            }
        }
        throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found");
    }

    /**
     * Why {@code candidate} could not be registered under {@code subject}; empty when it could. Against a given
     * version it is checked in the subject level's direction; against {@link #LATEST} as a registration would be (the
     * latest or, for a transitive level, every live version). A subject without versions accepts anything when asked
     * about the latest.
     *
     * @throws SchemaRegistryException 40401 or 40402 for an unknown subject or version
     */
    public synchronized List<String> compatibilityProblems(String subject, Schema candidate, int version) {
        CompatibilityLevel level = compatibility(subject);
        if (version == LATEST) {
            List<Stored> stored = versionsBySubject.getOrDefault(subject, List.of());
            return level.incompatibilities(candidate, live(stored));
        }
        SchemaVersion against = getVersion(subject, version);
        return level.incompatibilities(candidate, List.of(against));
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw schemaNotFound(id);
        }
        return schema;
    }

    @Override
    public synchronized SchemaVersion getLatest(String subject) {
        List<SchemaVersion> versions = live(visible(subject, false));
        return versions.get(versions.size() - 1);
    }

    @Override
    public synchronized List<String> subjects() {
        return subjects(false);
    }

    /** Subjects with a live version; with {@code includeDeleted} also those whose versions are all soft-deleted. */
    public synchronized List<String> subjects(boolean includeDeleted) {
        List<String> subjects = new ArrayList<>();
        versionsBySubject.forEach((subject, stored) -> {
            if (includeDeleted || stored.stream().anyMatch(s -> !s.deleted)) {
                subjects.add(subject);
            }
        });
        return subjects;
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        return versions(subject, false);
    }

    public synchronized List<Integer> versions(String subject, boolean includeDeleted) {
        return visible(subject, includeDeleted).stream()
                .filter(s -> includeDeleted || !s.deleted)
                .map(s -> s.version.version())
                .toList();
    }

    /** The given live version of a subject ({@link #LATEST} for the latest). */
    public synchronized SchemaVersion getVersion(String subject, int version) {
        return getVersion(subject, version, false);
    }

    /** The given version of a subject ({@link #LATEST} for the latest), soft-deleted ones too if asked. */
    public synchronized SchemaVersion getVersion(String subject, int version, boolean includeDeleted) {
        return find(visible(subject, includeDeleted), subject, version, includeDeleted).version;
    }

    /** The versions, in any subject, that hold schema {@code id}; 40403 when no schema has the id. */
    public synchronized List<SchemaVersion> versionsOf(int id, boolean includeDeleted) {
        getById(id);
        List<SchemaVersion> found = new ArrayList<>();
        versionsBySubject.values().forEach(stored -> stored.stream()
                .filter(s -> s.version.id() == id && (includeDeleted || !s.deleted))
                .forEach(s -> found.add(s.version)));
        return found;
    }

    /** The subjects that hold schema {@code id}; 40403 when no schema has the id. */
    public synchronized List<String> subjectsOf(int id, boolean includeDeleted) {
        Set<String> subjects = new LinkedHashSet<>();
        versionsOf(id, includeDeleted).forEach(v -> subjects.add(v.subject()));
        return List.copyOf(subjects);
    }

    // ---- deletion

    /**
     * Deletes a subject: softly (its versions are hidden, their ids still resolve), or permanently once it was soft-deleted.
     *
     * @return the versions deleted
     * @throws SchemaRegistryException 40401 unknown subject, 40404 already soft-deleted, 40405 permanent before soft,
     *     42205 in a read-only mode
     */
    public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        requireWritable(subject);
        List<Stored> stored = versionsBySubject.get(subject);
        if (stored == null) {
            throw subjectNotFound(subject);
        }
        List<Integer> versions = stored.stream().map(s -> s.version.version()).toList();
        if (permanent) {
            if (stored.stream().anyMatch(s -> !s.deleted)) {
                throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_SOFT_DELETED,
                        "Subject '" + subject + "' was not deleted first before being permanently deleted");
            }
            versionsBySubject.remove(subject);
            subjectCompatibility.remove(subject);
            subjectModes.remove(subject);
            stored.forEach(s -> forgetIfUnused(s.version.id()));
            return versions;
        }
        if (stored.stream().allMatch(s -> s.deleted)) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_SOFT_DELETED,
                    "Subject '" + subject + "' was soft deleted. Set permanent=true to delete permanently");
        }
        List<Integer> deleted = new ArrayList<>();
        for (Stored s : stored) {
            if (!s.deleted) {
                s.deleted = true;
                deleted.add(s.version.version());
            }
        }
        return deleted;
    }

    /**
     * Deletes one version ({@link #LATEST} for the latest), softly or permanently once soft-deleted.
     *
     * @return the version deleted
     * @throws SchemaRegistryException 40401 unknown subject, 40402 unknown version, 40406 already soft-deleted,
     *     40407 permanent before soft, 42205 in a read-only mode
     */
    public synchronized int deleteVersion(String subject, int version, boolean permanent) {
        requireWritable(subject);
        List<Stored> stored = versionsBySubject.get(subject);
        if (stored == null) {
            throw subjectNotFound(subject);
        }
        // a soft delete of "latest" means the latest live version; a number names the version, deleted or not
        Stored target = find(stored, subject, version, permanent || version != LATEST);
        int number = target.version.version();
        if (permanent) {
            if (!target.deleted) {
                throw new SchemaRegistryException(404, SchemaRegistryException.VERSION_NOT_SOFT_DELETED,
                        "Subject '" + subject + "' Version " + number
                                + " was not deleted first before being permanently deleted");
            }
            stored.remove(target);
            if (stored.isEmpty()) {
                versionsBySubject.remove(subject);
            }
            forgetIfUnused(target.version.id());
            return number;
        }
        if (target.deleted) {
            throw new SchemaRegistryException(404, SchemaRegistryException.VERSION_SOFT_DELETED,
                    "Subject '" + subject + "' Version " + number
                            + " was soft deleted. Set permanent=true to delete permanently");
        }
        target.deleted = true;
        return number;
    }

    // ---- helpers

    private void requireWritable(String subject) {
        RegistryMode governing = subjectModes.getOrDefault(subject, mode);
        if (!governing.writable()) {
            throw new SchemaRegistryException(422, SchemaRegistryException.OPERATION_NOT_PERMITTED,
                    "Subject '" + subject + "' is in " + governing + " mode");
        }
    }

    private void forgetIfUnused(int id) {
        boolean used = versionsBySubject.values().stream()
                .anyMatch(stored -> stored.stream().anyMatch(s -> s.version.id() == id));
        if (!used) {
            schemasById.remove(id);
        }
    }

    /** The subject's stored versions; 40401 unless one is live (or soft-deleted, when those count). */
    private List<Stored> visible(String subject, boolean includeDeleted) {
        List<Stored> stored = versionsBySubject.get(subject);
        if (stored == null || (!includeDeleted && stored.stream().allMatch(s -> s.deleted))) {
            throw subjectNotFound(subject);
        }
        return stored;
    }

    private static Stored find(List<Stored> stored, String subject, int version, boolean includeDeleted) {
        Stored found = null;
        for (Stored s : stored) {
            if ((includeDeleted || !s.deleted) && (version == LATEST || s.version.version() == version)) {
                found = s;
            }
        }
        if (found == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.VERSION_NOT_FOUND,
                    "Version " + (version == LATEST ? "latest" : version) + " not found for subject '" + subject
                            + "'");
        }
        return found;
    }

    private static List<SchemaVersion> live(List<Stored> stored) {
        return stored.stream().filter(s -> !s.deleted).map(s -> s.version).toList();
    }

    private static SchemaRegistryException subjectNotFound(String subject) {
        return new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                "Subject '" + subject + "' not found");
    }

    private static SchemaRegistryException schemaNotFound(int id) {
        return new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }
}
