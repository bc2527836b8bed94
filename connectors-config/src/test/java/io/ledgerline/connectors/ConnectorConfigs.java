package io.ledgerline.connectors;

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
import java.util.Properties;
import java.util.stream.Stream;

/** Every config file of the module, parsed into flat string maps (connector JSON: its {@code config} object). */
final class ConnectorConfigs {

    static final Path ROOT = Path.of("src/main/resources/connect");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectorConfigs() {
    }

    static List<Path> files(String under) {
        try (Stream<Path> files = Files.walk(ROOT.resolve(under))) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".properties") || f.toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Map<String, String> config = new LinkedHashMap<>();
            if (file.toString().endsWith(".json")) {
                JsonNode root = JSON.readTree(in);
                if (!root.path("name").isTextual() || !root.path("config").isObject()) {
                    throw new IllegalArgumentException(file + ": expected {\"name\": ..., \"config\": {...}}");
                }
                config.put("name", root.get("name").asText());
                root.get("config").fields().forEachRemaining(e -> {
                    if (!e.getValue().isTextual()) {
                        throw new IllegalArgumentException(file + ": " + e.getKey() + " must be a string");
                    }
                    config.put(e.getKey(), e.getValue().asText());
                });
            } else {
                Properties props = new Properties();
                props.load(in);
                props.stringPropertyNames().stream().sorted().forEach(k -> config.put(k, props.getProperty(k)));
            }
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + file, e);
        }
    }

    static boolean isWorker(Path file) {
        return file.getFileName().toString().startsWith("worker");
    }
}
