package io.ledgerline.deploy.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.runtime.ProcessJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.utils.Utils;

/**
 * The journal of the basic fixtures, made the way {@code ledgerline process --input fixtures/basic --as-of 2026-07-01}
 * makes it: this runs {@link ProcessJob} itself (so it is never stale) and reads back its
 * {@code erp.journal.<erp>.jsonl} files, the JSON rendering of DESIGN.md, into {@link JournalEntry} records.
 */
public final class BasicJournal {

    public static final Path FIXTURES = Path.of("../fixtures/basic");
    public static final Instant AS_OF = Instant.parse("2026-07-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Journal topic to its entries, in the order ProcessJob wrote them. */
    public final Map<String, List<JournalEntry>> byTopic;
    /** The same entries as the JSON lines process wrote (the topic's content as anyone reading it as JSON sees it). */
    public final List<JsonNode> json;

    private BasicJournal(Map<String, List<JournalEntry>> byTopic, List<JsonNode> json) {
        this.byTopic = byTopic;
        this.json = json;
    }

    public static BasicJournal produce() throws Exception {
        Path output = Files.createTempDirectory("ledgerline-basic-journal-");
        try {
            ProcessJob.Options options = new ProcessJob.Options(FIXTURES, output, AS_OF, 2, 1, Duration.ofMinutes(2));
            try (ProcessJob job = new ProcessJob(options, line -> { })) {
                job.run();
            }
            Map<String, List<JournalEntry>> byTopic = new java.util.TreeMap<>();
            List<JsonNode> json = new ArrayList<>();
            try (Stream<Path> files = Files.list(output)) {
                for (Path file : files.filter(f -> f.getFileName().toString().matches("erp\\.journal\\..+\\.jsonl"))
                        .sorted().toList()) {
                    String topic = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
                    List<JournalEntry> entries = new ArrayList<>();
                    for (String line : Files.readAllLines(file)) {
                        if (!line.isBlank()) {
                            JsonNode node = JSON.readTree(line);
                            json.add(node);
                            entries.add(fromJson(node));
                        }
                    }
                    byTopic.put(topic, entries);
                }
            }
            return new BasicJournal(byTopic, json);
        } finally {
            Utils.delete(output.toFile());
        }
    }

    public int entryCount() {
        return json.size();
    }

    public int lineCount() {
        return json.stream().mapToInt(e -> e.get("lines").size()).sum();
    }

    static JournalEntry fromJson(JsonNode node) {
        GenericRecord generic = (GenericRecord) read(JournalEntry.getClassSchema(), node);
        return (JournalEntry) SpecificData.get().deepCopy(JournalEntry.getClassSchema(), generic);
    }

    // The JSON rendering names every field as the Avro schema does; unions are written as their plain value.
    private static Object read(Schema schema, JsonNode node) {
        switch (schema.getType()) {
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    JsonNode value = node.get(field.name());
                    if (value == null || value.isNull()) {
                        record.put(field.pos(), field.hasDefaultValue() ? GenericData.get().getDefaultValue(field) : null);
                    } else {
                        record.put(field.pos(), read(field.schema(), value));
                    }
                }
                return record;
            }
            case UNION -> {
                if (node == null || node.isNull()) {
                    return null;
                }
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        return read(branch, node);
                    }
                }
                throw new IllegalArgumentException("no non-null branch in " + schema);
            }
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                    items.add(read(schema.getElementType(), it.next()));
                }
                return items;
            }
            case ENUM -> {
                return new GenericData.EnumSymbol(schema, node.asText());
            }
            case STRING -> {
                return node.asText();
            }
            case LONG -> {
                return node.asLong();
            }
            case INT -> {
                return node.asInt();
            }
            case BOOLEAN -> {
                return node.asBoolean();
            }
            case DOUBLE -> {
                return node.asDouble();
            }
            default -> throw new IllegalArgumentException("unexpected " + schema.getType() + " in the journal schema");
        }
    }
}
