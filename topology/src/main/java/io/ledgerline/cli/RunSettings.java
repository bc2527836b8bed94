package io.ledgerline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The settings of {@code run}: a properties file overlaid with environment variables, by the convention of
 * Kafka-on-Kubernetes tooling: {@code KAFKA_FOO_BAR=x} sets the Kafka/Streams property {@code foo.bar},
 * {@code LEDGERLINE_FOO_BAR=x} sets {@code ledgerline.foo.bar}. As in Confluent's images, {@code __} stands for
 * {@code _} and {@code ___} for {@code -} inside a name. The environment wins over the file.
 */
public final class RunSettings {

    public static final String HTTP_HOST = "ledgerline.http.host";
    public static final String HTTP_PORT = "ledgerline.http.port";
    /** Host name other instances use to reach this one; default: this machine's name. */
    public static final String ADVERTISED_HOST = "ledgerline.http.advertised.host";
    /** How often the pipeline clock moves (ISO-8601 duration), each time behind a barrier: see CaughtUpClock. */
    public static final String CLOCK_INTERVAL = "ledgerline.clock.interval";
    /** The partition count every Ledgerline topic must have (default: that of raw.billing.stripe.events). */
    public static final String PARTITIONS = "ledgerline.partitions";
    public static final String REGISTRY_URL = "schema.registry.url";
    private static final String LEDGERLINE_REGISTRY_URL = "ledgerline." + REGISTRY_URL;

    /** Required settings and the environment variable that sets each. */
    static final Map<String, String> REQUIRED = requiredSettings();

    private final Map<String, String> values;

    private RunSettings(Map<String, String> values) {
        this.values = values;
    }

    /** The file (may be null) overlaid with {@code env}. */
    public static RunSettings load(Path file, Map<String, String> env) {
        Map<String, String> values = new TreeMap<>();
        if (file != null) {
            values.putAll(readProperties(file));
        }
        values.putAll(fromEnvironment(env));
        // The registry URL is a serde setting, but users reach for LEDGERLINE_SCHEMA_REGISTRY_URL: accept both.
        String registry = values.remove(LEDGERLINE_REGISTRY_URL);
        if (registry != null) {
            values.put(REGISTRY_URL, registry);
        }
        return new RunSettings(values);
    }

    /** {@code KAFKA_*} and {@code LEDGERLINE_*} variables as property names; every other variable is ignored. */
    public static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> mapped = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && name.length() > "KAFKA_".length()) {
                mapped.put(propertyName(name.substring("KAFKA_".length())), value);
            } else if (name.startsWith("LEDGERLINE_") && name.length() > "LEDGERLINE_".length()) {
                mapped.put("ledgerline." + propertyName(name.substring("LEDGERLINE_".length())), value);
            }
        });
        return mapped;
    }

    static String propertyName(String variable) {
        return variable.toLowerCase(Locale.ROOT)
                .replace("___", "\u0000").replace("__", "\u0001").replace('_', '.')
                .replace('\u0000', '-').replace('\u0001', '_');
    }

    /** One line per missing required setting, naming the property and its environment variable; empty when complete. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        REQUIRED.forEach((key, variable) -> {
            String value = values.get(key);
            if (value == null || value.isBlank()) {
                missing.add(key + " (set it in --config or with the environment variable " + variable + ")");
            }
        });
        return missing;
    }

    public String get(String key) {
        return values.get(key);
    }

    public String get(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    /** The settings under {@code prefix}, keyed by the rest of their name. */
    public Map<String, String> under(String prefix) {
        Map<String, String> under = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                under.put(k.substring(prefix.length()), v);
            }
        });
        return under;
    }

    /** Every setting, Ledgerline's and the clients'. Values may be secrets: never print them. */
    Map<String, String> all() {
        return new TreeMap<>(values);
    }

    /** The environment variable that sets {@code key}: the inverse of {@link #propertyName}. */
    static String variableFor(String key) {
        boolean own = key.startsWith("ledgerline.");
        String name = own ? key.substring("ledgerline.".length()) : key;
        return (own ? "LEDGERLINE_" : "KAFKA_") + name.replace("_", "__").replace("-", "___").replace('.', '_')
                .toUpperCase(Locale.ROOT);
    }

    /** Kafka, Streams and serde settings: everything but {@code ledgerline.*}. */
    public Map<String, String> clientSettings() {
        Map<String, String> client = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!k.startsWith("ledgerline.")) {
                client.put(k, v);
            }
        });
        return client;
    }

    /** Names only: values may be secrets. */
    @Override
    public String toString() {
        return "RunSettings" + values.keySet();
    }

    private static Map<String, String> requiredSettings() {
        Map<String, String> required = new LinkedHashMap<>();
        required.put("bootstrap.servers", "KAFKA_BOOTSTRAP_SERVERS");
        required.put("application.id", "KAFKA_APPLICATION_ID");
        required.put(REGISTRY_URL, "LEDGERLINE_SCHEMA_REGISTRY_URL");
        required.put("state.dir", "KAFKA_STATE_DIR");
        return required;
    }

    private static Map<String, String> readProperties(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Config file " + file.toAbsolutePath() + " does not exist");
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read config file " + file, e);
        }
        Map<String, String> values = new TreeMap<>();
        props.stringPropertyNames().forEach(k -> values.put(k.trim(), props.getProperty(k).trim()));
        return values;
    }
}
