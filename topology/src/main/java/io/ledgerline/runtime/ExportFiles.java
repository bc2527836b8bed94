package io.ledgerline.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** What the runtime needs to know about export files before replaying them: the ERPs, the latest event time, sizes. */
public final class ExportFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ExportFiles() {
    }

    /** The ERPs that legal entities post to, from the {@code legal_entity} master-data records. */
    public static Set<String> erpsOf(Path masterdata) {
        Set<String> erps = new TreeSet<>();
        forEachJson(masterdata, node -> {
            if ("legal_entity".equals(node.path("type").asText()) && !node.path("erp").asText().isBlank()) {
                erps.add(node.path("erp").asText().trim().toLowerCase(Locale.ROOT));
            }
        });
        return erps;
    }

    /**
     * The latest event time in the input: Stripe's {@code created} (epoch seconds) and Salesforce's
     * {@code payload.ChangeEventHeader.commitTimestamp} (epoch millis).
     */
    public static Optional<Instant> latestEventTime(Path inputDir) {
        long[] latest = {Long.MIN_VALUE};
        forEachJson(inputDir.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE), node -> {
            JsonNode created = node.get("created");
            if (created != null && created.canConvertToLong()) {
                latest[0] = Math.max(latest[0], created.asLong() * 1000);
            }
        });
        forEachJson(inputDir.resolve(ExportFileReplayer.SALESFORCE_CDC_FILE), node -> {
            JsonNode commit = node.path("payload").path("ChangeEventHeader").get("commitTimestamp");
            if (commit != null && commit.canConvertToLong()) {
                latest[0] = Math.max(latest[0], commit.asLong());
            }
        });
        return latest[0] == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(latest[0]));
    }

    /** Non-blank lines, i.e. the records a line-by-line replay (FileStreamSource, {@link ExportFileReplayer}) produces. */
    public static long recordCount(Path file) {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(line -> !line.isBlank()).count();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    // Undecodable lines are the topology's business (dead letters); here they are simply skipped.
    private static void forEachJson(Path file, Consumer<JsonNode> action) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = MAPPER.readTree(line);
                } catch (IOException e) {
                    continue;
                }
                if (node != null && node.isObject()) {
                    action.accept(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
