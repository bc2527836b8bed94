package io.ledgerline.deploy.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The production connector configs of connectors-config ({@code {"name": ..., "config": {...}}}) as flat maps. */
public final class ConnectorFiles {

    /** The source tree's copy, for listing (a jar on the classpath has no directory listing). */
    public static final Path PRODUCTION = Path.of("../connectors-config/src/main/resources/connect/production");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectorFiles() {
    }

    /** One production connector by file name, e.g. {@code erp-gl-interface-header-sink.json}, from the classpath. */
    public static Map<String, String> production(String fileName) {
        String resource = "connect/production/connectors/" + fileName;
        try (InputStream in = ConnectorFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return flatten(JSON.readTree(in), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Path> productionConnectorFiles() {
        try (Stream<Path> files = Files.list(PRODUCTION.resolve("connectors"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, String> read(Path file) {
        try {
            return flatten(JSON.readTree(file.toFile()), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> flatten(JsonNode root, String where) {
        if (!root.path("name").isTextual() || !root.path("config").isObject()) {
            throw new IllegalArgumentException(where + ": expected {\"name\": ..., \"config\": {...}}");
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("name", root.get("name").asText());
        root.get("config").fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException(where + ": " + e.getKey() + " must be a string");
            }
            config.put(e.getKey(), e.getValue().asText());
        });
        return config;
    }
}
