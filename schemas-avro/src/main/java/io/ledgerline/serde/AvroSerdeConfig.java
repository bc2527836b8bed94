package io.ledgerline.serde;

import io.ledgerline.tls.TlsSettings;
import java.net.URI;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Serde and registry client settings, read from Kafka config maps under Confluent's key names so configurations
 * written for Confluent's serdes work unchanged. Values may be strings (from properties files) or typed values.
 *
 * <p>Credentials: {@code basic.auth.credentials.source} {@code USER_INFO} takes {@code basic.auth.user.info}, {@code URL}
 * the user info of the registry URL ({@code https://user:password@registry:8081}); unset, whichever is given. The URLs
 * kept here never carry user info, so no message or log line shows it. TLS: {@code schema.registry.ssl.*} with Kafka's
 * {@code ssl.*} names (trust store, and a key store for mutual TLS), see {@link TlsSettings}.
 */
public record AvroSerdeConfig(
        List<String> schemaRegistryUrls,
        boolean autoRegisterSchemas,
        boolean specificAvroReader,
        String basicAuthUserInfo,
        long connectTimeoutMs,
        long requestTimeoutMs,
        TlsSettings tls) {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** {@code "user:password"}; also read as {@code schema.registry.basic.auth.user.info}. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** {@code USER_INFO} or {@code URL}, as Confluent's clients take it. */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** Prefix of the registry client's TLS settings ({@code schema.registry.ssl.truststore.location}, ...). */
    public static final String TLS_PREFIX = "schema.registry.";
    /** Also read with the {@code schema.registry.} prefix, as Confluent passes client settings. */
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    /** Also read with the {@code schema.registry.} prefix, as Confluent passes client settings. */
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";

    private static final String CLIENT_PREFIX = "schema.registry.";

    public AvroSerdeConfig {
        schemaRegistryUrls = List.copyOf(schemaRegistryUrls);
    }

    public static AvroSerdeConfig from(Map<String, ?> configs) {
        List<String> given = urls(configs);
        return new AvroSerdeConfig(
                given.stream().map(AvroSerdeConfig::withoutUserInfo).toList(),
                bool(configs, AUTO_REGISTER_SCHEMAS, true),
                bool(configs, SPECIFIC_AVRO_READER, false),
                userInfo(configs, given),
                millis(configs, HTTP_CONNECT_TIMEOUT_MS, HttpSchemaRegistryClient.DEFAULT_CONNECT_TIMEOUT.toMillis()),
                millis(configs, HTTP_READ_TIMEOUT_MS, HttpSchemaRegistryClient.DEFAULT_REQUEST_TIMEOUT.toMillis()),
                TlsSettings.under(configs, TLS_PREFIX));
    }

    /** Without the credentials and TLS values, which must never reach a log line. */
    @Override
    public String toString() {
        return "AvroSerdeConfig[urls=" + schemaRegistryUrls + ", autoRegisterSchemas=" + autoRegisterSchemas
                + ", specificAvroReader=" + specificAvroReader + ", basicAuth=" + (basicAuthUserInfo != null)
                + ", tls=" + tls.settings().keySet() + "]";
    }

    /** The basic-auth {@code user:password} by {@value #BASIC_AUTH_CREDENTIALS_SOURCE}; null for none. */
    private static String userInfo(Map<String, ?> configs, List<String> urls) {
        Object configured = clientSetting(configs, BASIC_AUTH_USER_INFO);
        String userInfo = configured == null || configured.toString().isBlank() ? null : configured.toString();
        String fromUrl = urls.stream().map(AvroSerdeConfig::rawUserInfo).filter(u -> u != null).findFirst().orElse(null);
        Object source = configs.get(BASIC_AUTH_CREDENTIALS_SOURCE);
        String chosen = switch (source == null ? "" : source.toString().trim().toUpperCase(Locale.ROOT)) {
            case "" -> userInfo != null ? userInfo : fromUrl;
            case "USER_INFO" -> {
                if (userInfo == null) {
                    throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO needs " + BASIC_AUTH_USER_INFO
                            + " (user:password)");
                }
                yield userInfo;
            }
            case "URL" -> {
                if (fromUrl == null) {
                    throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE + "=URL needs the user info in "
                            + SCHEMA_REGISTRY_URL + " (https://user:password@host:port)");
                }
                yield fromUrl;
            }
            // the value is a source name, never a secret: safe to show
            default -> throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source,
                    "supported: USER_INFO (with " + BASIC_AUTH_USER_INFO + ") or URL");
        };
        // never render the value: it holds the password
        if (chosen != null && chosen.indexOf(':') < 0) {
            throw new ConfigException("The schema registry's basic-auth user info must be user:password");
        }
        return chosen;
    }

    private static String rawUserInfo(String url) {
        try {
            String info = URI.create(url).getUserInfo();
            return info == null || info.isEmpty() ? null : info;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String withoutUserInfo(String url) {
        int scheme = url.indexOf("://");
        int at = url.indexOf('@');
        int path = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        if (scheme < 0 || at < 0 || (path >= 0 && at > path)) {
            return url;
        }
        return url.substring(0, scheme + 3) + url.substring(at + 1);
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
