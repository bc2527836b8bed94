package io.ledgerline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The bundled basic fixtures, read relative to the topology module (surefire's working directory). */
final class Fixtures {

    static final Path DIR = Path.of("..", "fixtures", "basic");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    static List<String> lines(String file) {
        try {
            return Files.readAllLines(DIR.resolve(file), StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> stripe() {
        return lines("stripe-events.jsonl");
    }

    static List<String> salesforce() {
        return lines("salesforce-cdc.jsonl");
    }

    static List<String> erp() {
        return lines("erp-masterdata.jsonl");
    }

    /** The first Stripe fixture line with this event type and data.object.id. */
    static String stripeEvent(String type, String objectId) {
        List<String> matches = stripe().stream().filter(l -> {
            JsonNode n = tree(l);
            return n.path("type").asText().equals(type) && n.path("data").path("object").path("id").asText().equals(objectId);
        }).toList();
        assertThat(matches).as("fixture %s %s", type, objectId).isNotEmpty();
        return matches.get(0);
    }

    /** The Salesforce fixture line for this entity, change type and record id. */
    static String cdcEvent(String entity, String changeType, String recordId) {
        return salesforce().stream().filter(l -> {
            JsonNode h = tree(l).path("payload").path("ChangeEventHeader");
            return h.path("entityName").asText().equals(entity) && h.path("changeType").asText().equals(changeType)
                    && h.path("recordIds").path(0).asText().equals(recordId);
        }).findFirst().orElseThrow(() -> new AssertionError("no fixture " + entity + " " + changeType + " " + recordId));
    }

    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
