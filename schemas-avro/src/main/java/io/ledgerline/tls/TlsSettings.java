package io.ledgerline.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;

/**
 * TLS settings under Kafka's {@code ssl.*} names, optionally behind a prefix ({@code schema.registry.ssl.*} as
 * Confluent's registry clients read them, {@code ledgerline.http.ssl.*} for the HTTP API). They are turned into an
 * {@link SSLContext} by Kafka's own {@link DefaultSslEngineFactory}, so store types (JKS, PKCS12, PEM), passwords and
 * algorithms mean exactly what they mean for the Kafka clients. Values are never rendered: problems name settings and
 * files, not passwords.
 */
public final class TlsSettings {

    private static final String SSL = "ssl.";
    private static final String CLIENT_AUTH = "ssl.client.auth";
    private static final ConfigDef DEFINITION = definition();
    private static final Set<String> LOCATIONS = Set.of(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG,
            SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);

    private final String prefix;
    /** The {@code ssl.*} settings without the prefix, as given. */
    private final Map<String, Object> ssl;

    private TlsSettings(String prefix, Map<String, Object> ssl) {
        this.prefix = prefix;
        this.ssl = ssl;
    }

    /** The {@code <prefix>ssl.*} settings of {@code settings}; {@code prefix} may be empty (Kafka's own names). */
    public static TlsSettings under(Map<String, ?> settings, String prefix) {
        Map<String, Object> ssl = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(prefix + SSL) && value != null) {
                ssl.put(key.substring(prefix.length()), value);
            }
        });
        return new TlsSettings(prefix, ssl);
    }

    /** No {@code ssl.*} setting at all under the prefix. */
    public boolean isEmpty() {
        return ssl.isEmpty();
    }

    public boolean hasKeystore() {
        return present(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG) || present(SslConfigs.SSL_KEYSTORE_KEY_CONFIG);
    }

    /** The settings (prefixed names) with their values, e.g. for telling two clients apart; do not log the values. */
    public Map<String, Object> settings() {
        Map<String, Object> named = new TreeMap<>();
        ssl.forEach((k, v) -> named.put(prefix + k, v));
        return named;
    }

    /**
     * What stops these settings from making a TLS context, one line per problem naming the setting to fix (a missing
     * file, a store without its password, a store that does not open with the password given); empty when usable.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (String location : LOCATIONS) {
            if (present(location) && !Files.isReadable(Path.of(ssl.get(location).toString().trim()))) {
                problems.add(prefix + location + ": " + Path.of(ssl.get(location).toString().trim()).toAbsolutePath()
                        + " does not exist or cannot be read");
            }
        }
        if (present(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG) && !present(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG)
                && !isPem(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG)) {
            problems.add(prefix + SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG + " is required with " + prefix
                    + SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
        }
        if (problems.isEmpty()) {
            try {
                sslContext();
            } catch (ConfigException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /**
     * The TLS context: key material from the key store (if any), trust from the trust store (else the JVM's default).
     *
     * @throws ConfigException naming the prefixed settings when a store cannot be loaded
     */
    public SSLContext sslContext() {
        Map<String, ?> parsed;
        try {
            parsed = new AbstractConfig(DEFINITION, ssl, false).values();
        } catch (ConfigException e) {
            throw new ConfigException(prefix + SSL + "*: " + e.getMessage());
        }
        DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
        try {
            factory.configure(parsed);
            return factory.sslContext();
        } catch (RuntimeException e) {
            throw new ConfigException(prefix + SSL + "* cannot be used: " + messages(e)
                    + " (check the store's location, type and password)");
        } finally {
            factory.close();
        }
    }

    private boolean present(String key) {
        Object value = ssl.get(key);
        return value != null && !value.toString().isBlank();
    }

    private boolean isPem(String typeKey) {
        Object type = ssl.get(typeKey);
        return type != null && DefaultSslEngineFactory.PEM_TYPE.equalsIgnoreCase(type.toString().trim());
    }

    // Kafka wraps the cause that says what is wrong ("keystore password was incorrect"): show the chain
    private static String messages(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && text.indexOf(t.getMessage()) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(t.getMessage());
            }
        }
        return text.toString();
    }

    private static ConfigDef definition() {
        ConfigDef definition = new ConfigDef();
        SslConfigs.addClientSslSupport(definition);
        // a server context (the HTTP API) asks for client auth; left undefined, Kafka warns "Unrecognized ..."
        definition.define(CLIENT_AUTH, ConfigDef.Type.STRING, "none", ConfigDef.Importance.LOW,
                "whether a TLS server asks for client certificates");
        return definition;
    }
}
