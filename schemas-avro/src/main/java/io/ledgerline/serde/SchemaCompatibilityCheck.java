package io.ledgerline.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.SchemaParser;

/**
 * Checks the working-tree .avsc files against released snapshots, for the build's schema evolution test. A released
 * schema and the current schema with the same full name must be compatible both ways: BACKWARD (new code reads old
 * data, e.g. on replay) and FORWARD (consumers not yet upgraded read new data).
 *
 * <p>Each directory is parsed with one {@link Schema.Parser}, {@code common/} first, because files use named types
 * defined in other files, just as the avro-maven-plugin imports {@code common/} before the rest.
 */
public final class SchemaCompatibilityCheck {

    private static final String COMMON_DIR = "common";

    private SchemaCompatibilityCheck() {
    }

    /**
     * Compares one released snapshot (e.g. {@code released/v1}) with the current schemas.
     *
     * @return human-readable incompatibilities, each naming the schema, the released file and the Avro finding;
     *     empty when every released schema can evolve into the current one
     */
    public static List<String> check(Path currentDir, Path releasedDir) {
        Map<String, Schema> current = parseDirectory(currentDir);
        Map<String, Schema> released = parseDirectory(releasedDir);
        List<String> problems = new ArrayList<>();
        released.forEach((name, old) -> {
            String where = name + " (released in " + releasedDir + ")";
            Schema now = current.get(name);
            if (now == null) {
                problems.add(where + ": no current schema has this full name; it was removed or renamed");
                return;
            }
            for (String problem : CompatibilityLevel.FULL.incompatibilities(now, old)) {
                problems.add(where + ": " + problem);
            }
        });
        return problems;
    }

    /** Compares every snapshot directly under {@code releasedRoot} (v1, v2, ...) with the current schemas. */
    public static List<String> checkAllReleases(Path currentDir, Path releasedRoot) {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> snapshots = Files.list(releasedRoot)) {
            for (Path snapshot : snapshots.filter(Files::isDirectory).sorted().toList()) {
                problems.addAll(check(currentDir, snapshot));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list released schemas in " + releasedRoot, e);
        }
        return problems;
    }

    /**
     * Parses every .avsc under {@code dir} and returns the top-level schemas by full name (by relative path for the
     * rare unnamed top-level schema).
     */
    static Map<String, Schema> parseDirectory(Path dir) {
        // SchemaParser resolves names across files once all are read, so files may refer to types defined later
        SchemaParser parser = new SchemaParser();
        Map<Path, SchemaParser.ParseResult> parsed = new LinkedHashMap<>();
        for (Path file : avscFilesCommonFirst(dir)) {
            try {
                parsed.put(file, parser.parse(file));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            } catch (SchemaParseException e) {
                throw new IllegalArgumentException("Cannot parse " + file + ": " + e.getMessage(), e);
            }
        }
        Map<String, Schema> schemas = new LinkedHashMap<>();
        parsed.forEach((file, result) -> {
            Schema schema;
            try {
                schema = parser.resolve(result);
            } catch (SchemaParseException e) {
                throw new IllegalArgumentException("Cannot resolve " + file + ": " + e.getMessage(), e);
            }
            String key = isNamed(schema) ? schema.getFullName() : dir.relativize(file).toString();
            schemas.put(key, schema);
        });
        return schemas;
    }

    private static List<Path> avscFilesCommonFirst(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Not a directory: " + dir);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".avsc"))
                    .sorted()
                    .toList();
            List<Path> ordered = new ArrayList<>();
            Path common = dir.resolve(COMMON_DIR);
            all.stream().filter(f -> f.startsWith(common)).forEach(ordered::add);
            all.stream().filter(f -> !f.startsWith(common)).forEach(ordered::add);
            return ordered;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list schemas in " + dir, e);
        }
    }

    private static boolean isNamed(Schema schema) {
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> true;
            default -> false;
        };
    }
}
