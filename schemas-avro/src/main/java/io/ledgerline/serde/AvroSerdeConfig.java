package io.ledgerline.serde;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Serde and registry client settings, read from Kafka config maps under Confluent's key names so configurations
 * written for Confluent's serdes work unchanged. Values may be strings (from properties files) or typed values.
 */
public record AvroSerdeConfig(
        List<String> schemaRegistryUrls,
        boolean autoRegisterSchemas,
        boolean specificAvroReader,
        String basicAuthUserInfo,
        long connectTimeoutMs,
        long requestTimeoutMs) {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** {@code "user:password"}; also read as {@code schema.registry.basic.auth.user.info}. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Also read with the {@code schema.registry.} prefix, as Confluent passes client settings. */
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    /** Also read with the {@code schema.registry.} prefix, as Confluent passes client settings. */
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";

    private static final String CLIENT_PREFIX = "schema.registry.";

    public AvroSerdeConfig {
        schemaRegistryUrls = List.copyOf(schemaRegistryUrls);
    }

    public static AvroSerdeConfig from(Map<String, ?> configs) {
        return new AvroSerdeConfig(
                urls(configs),
                bool(configs, AUTO_REGISTER_SCHEMAS, true),
                bool(configs, SPECIFIC_AVRO_READER, false),
                clientSetting(configs, BASIC_AUTH_USER_INFO) == null ? null
                        : clientSetting(configs, BASIC_AUTH_USER_INFO).toString(),
                millis(configs, HTTP_CONNECT_TIMEOUT_MS, HttpSchemaRegistryClient.DEFAULT_CONNECT_TIMEOUT.toMillis()),
                millis(configs, HTTP_READ_TIMEOUT_MS, HttpSchemaRegistryClient.DEFAULT_REQUEST_TIMEOUT.toMillis()));
    }

    private static List<String> urls(Map<String, ?> configs) {
        Object value = configs.get(SCHEMA_REGISTRY_URL);
        List<String> urls;
        if (value instanceof Collection<?> list) {
            urls = list.stream().map(Object::toString).map(String::trim).filter(s -> !s.isEmpty()).toList();
        } else if (value != null) {
            urls = Arrays.stream(value.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        } else {
            urls = List.of();
        }
        return urls;
    }

    /**
     * The configured registry URLs; checked here rather than at parse time because serdes built with a client in
     * hand need no URL.
     *
     * @throws ConfigException naming {@value #SCHEMA_REGISTRY_URL} when it is missing or empty
     */
    public List<String> requireRegistryUrls() {
        if (schemaRegistryUrls.isEmpty()) {
            throw new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL
                    + "\": set it to the schema registry URL(s), e.g. http://registry:8081 or mock://<scope> in tests");
        }
        return schemaRegistryUrls;
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean defaultValue) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigException(key, value, "expected true or false");
    }

    private static long millis(Map<String, ?> configs, String key, long defaultValue) {
        Object value = clientSetting(configs, key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "expected a number of milliseconds");
        }
    }

    private static Object clientSetting(Map<String, ?> configs, String key) {
        Object prefixed = configs.get(CLIENT_PREFIX + key);
        return prefixed != null ? prefixed : configs.get(key);
    }
}
