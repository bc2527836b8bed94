package io.ledgerline.serde;

import io.ledgerline.tls.TlsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * Builds registry clients from Kafka-style config and shares them: every serde configured with the same registry
 * settings gets the same client, and so the same caches.
 */
public final class SchemaRegistryClients {

    private static final String MOCK_SCHEME = "mock://";
    private static final Map<ClientKey, SchemaRegistryClient> SHARED = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {
    }

    /**
     * Returns the client for {@code schema.registry.url}: {@code mock://scope} gives
     * {@link InMemorySchemaRegistry#named(String)}; {@code http(s)://...} (comma-separated for several instances) gives
     * a cached {@link HttpSchemaRegistryClient}.
     *
     * @throws ConfigException naming the key when the URL is missing or has an unsupported scheme
     */
    public static SchemaRegistryClient fromConfig(Map<String, ?> configs) {
        return fromConfig(AvroSerdeConfig.from(configs));
    }

    public static SchemaRegistryClient fromConfig(AvroSerdeConfig config) {
        List<String> urls = config.requireRegistryUrls();
        String first = urls.get(0);
        if (first.startsWith(MOCK_SCHEME)) {
            if (urls.size() > 1) {
                throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL, String.join(",", urls),
                        "a mock:// registry cannot be combined with other URLs");
            }
            return InMemorySchemaRegistry.named(first.substring(MOCK_SCHEME.length()));
        }
        for (String url : urls) {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url,
                        "expected http://, https:// or mock:// URL(s)");
            }
        }
        ClientKey key = new ClientKey(urls, config.basicAuthUserInfo(), config.connectTimeoutMs(),
                config.requestTimeoutMs(), config.tls().settings());
        return SHARED.computeIfAbsent(key, k -> httpClient(k, config.tls()));
    }

    private static SchemaRegistryClient httpClient(ClientKey key, TlsSettings tls) {
        List<URI> uris = key.urls().stream().map(URI::create).toList();
        return new CachedSchemaRegistryClient(new HttpSchemaRegistryClient(uris,
                Duration.ofMillis(key.connectTimeoutMs()), Duration.ofMillis(key.requestTimeoutMs()),
                key.userInfo(), tls.isEmpty() ? null : tls.sslContext()));
    }

    /**
     * Everything that makes two HTTP clients different; credentials and TLS settings included so tenants never share
     * caches. Holds secrets: never render it.
     */
    private record ClientKey(List<String> urls, String userInfo, long connectTimeoutMs, long requestTimeoutMs,
                             Map<String, Object> tls) {
        @Override
        public String toString() {
            return "ClientKey" + urls;
        }
    }
}
