package io.ledgerline.cli;

import io.ledgerline.serde.AvroSerdeConfig;
import io.ledgerline.tls.TlsSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * The security settings of {@code run}, checked before anything connects, so a deployment with a typo fails at start
 * with what to fix instead of a client retrying forever or a stream thread dying later:
 *
 * <ul>
 *   <li>Kafka: {@code security.protocol} (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL), {@code sasl.jaas.config} for
 *       SASL, {@code sasl.mechanism} matching the login module (SCRAM, PLAIN), {@code ssl.*} stores that open (a key
 *       store for mutual TLS), and no {@code ssl.*} store with a protocol that would not use it;</li>
 *   <li>the schema registry: {@code schema.registry.ssl.*} and {@code basic.auth.*} as Confluent's clients take them;</li>
 *   <li>the HTTP API: {@code ledgerline.http.ssl.*} (HTTPS), which needs a key store.</li>
 * </ul>
 *
 * Problems name settings and files, never a value: several of them are secrets.
 */
final class SecuritySettings {

    /** Prefix of the HTTP API's TLS settings: {@code ledgerline.http.ssl.keystore.location}, ... */
    static final String HTTP_TLS_PREFIX = "ledgerline.http.";

    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    private SecuritySettings() {
    }

    /** One line per problem, naming the setting (and its environment variable) to fix; empty when usable. */
    static List<String> problems(RunSettings settings) {
        List<String> problems = new ArrayList<>();
        Map<String, String> client = settings.clientSettings();
        String protocol = client.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT")
                .trim().toUpperCase(Locale.ROOT);
        TlsSettings kafkaTls = TlsSettings.under(client, "");
        if (!PROTOCOLS.contains(protocol)) {
            problems.add(named(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG) + " '" + protocol
                    + "' is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
        }
        if (protocol.startsWith("SASL_")) {
            problems.addAll(saslProblems(client, protocol));
        }
        if (protocol.endsWith("SSL")) {
            problems.addAll(kafkaTls.problems());
        } else if (PROTOCOLS.contains(protocol) && kafkaTls.hasKeystore()) {
            problems.add("ssl.keystore.* is set but " + CommonClientConfigs.SECURITY_PROTOCOL_CONFIG + "=" + protocol
                    + " would not use it: set " + named(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)
                    + " to SSL (mutual TLS) or SASL_SSL");
        }
        TlsSettings registryTls = TlsSettings.under(client, AvroSerdeConfig.TLS_PREFIX);
        if (!registryTls.isEmpty()) {
            problems.addAll(registryTls.problems());
        }
        try {
            AvroSerdeConfig.from(client);
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
        TlsSettings httpTls = TlsSettings.under(settings.all(), HTTP_TLS_PREFIX);
        if (!httpTls.isEmpty() && !httpTls.hasKeystore()) {
            problems.add("HTTPS for the API (" + HTTP_TLS_PREFIX + "ssl.*) needs the instance's certificate: set "
                    + named(HTTP_TLS_PREFIX + "ssl.keystore.location") + " and "
                    + named(HTTP_TLS_PREFIX + "ssl.keystore.password"));
        } else if (!httpTls.isEmpty()) {
            problems.addAll(httpTls.problems());
        }
        return problems;
    }

    /** The HTTP API's TLS context, or null for plain HTTP; call after {@link #problems} found none. */
    static SSLContext httpTls(RunSettings settings) {
        TlsSettings tls = TlsSettings.under(settings.all(), HTTP_TLS_PREFIX);
        return tls.isEmpty() ? null : tls.sslContext();
    }

    private static List<String> saslProblems(Map<String, String> client, String protocol) {
        List<String> problems = new ArrayList<>();
        String jaas = client.get(SaslConfigs.SASL_JAAS_CONFIG);
        String mechanism = client.getOrDefault(SaslConfigs.SASL_MECHANISM, SaslConfigs.DEFAULT_SASL_MECHANISM)
                .trim().toUpperCase(Locale.ROOT);
        if ((jaas == null || jaas.isBlank()) && System.getProperty("java.security.auth.login.config") == null) {
            problems.add(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG + "=" + protocol + " needs "
                    + named(SaslConfigs.SASL_JAAS_CONFIG) + ", e.g. org.apache.kafka.common.security.scram."
                    + "ScramLoginModule required username=\"ledgerline\" password=\"...\";");
            return problems;
        }
        if (jaas != null && jaas.contains("ScramLoginModule") && !mechanism.startsWith("SCRAM-SHA-")) {
            problems.add(named(SaslConfigs.SASL_MECHANISM) + " is " + mechanism
                    + " but sasl.jaas.config logs in with SCRAM: set it to SCRAM-SHA-512 (or SCRAM-SHA-256)");
        }
        if (jaas != null && jaas.contains("PlainLoginModule") && !mechanism.equals("PLAIN")) {
            problems.add(named(SaslConfigs.SASL_MECHANISM) + " is " + mechanism
                    + " but sasl.jaas.config logs in with PLAIN: set it to PLAIN");
        }
        return problems;
    }

    /** The setting with the environment variable that sets it. */
    private static String named(String key) {
        return key + " (" + RunSettings.variableFor(key) + ")";
    }
}
