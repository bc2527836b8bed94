package io.ledgerline.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientsTest {

    @Test
    void missingUrlNamesTheKey() {
        assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void mockUrlGivesTheNamedInMemoryRegistry() {
        try {
            assertThat(SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", "mock://clients-test")))
                    .isSameAs(InMemorySchemaRegistry.named("clients-test"));
        } finally {
            InMemorySchemaRegistry.drop("clients-test");
        }
    }

    @Test
    void httpClientsAreSharedPerUrlAndAcceptSeveralUrls() {
        String urls = "http://registry-a:8081, http://registry-b:8081/";
        SchemaRegistryClient client = SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", urls));

        assertThat(SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", urls))).isSameAs(client);
        assertThat(SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", "http://registry-c:8081")))
                .isNotSameAs(client);
        assertThat(client).isInstanceOfSatisfying(CachedSchemaRegistryClient.class, cached ->
                assertThat(((HttpSchemaRegistryClient) cached.delegate()).baseUrls()).containsExactly(
                        URI.create("http://registry-a:8081"), URI.create("http://registry-b:8081")));
    }

    @Test
    void credentialsSeparateClients() {
        String url = "http://registry-d:8081";
        SchemaRegistryClient anonymous = SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", url));

        assertThat(SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", url,
                "basic.auth.user.info", "u:p"))).isNotSameAs(anonymous);
    }

    @Test
    void acceptsAListValue() {
        SchemaRegistryClient client = SchemaRegistryClients.fromConfig(
                Map.of("schema.registry.url", List.of("http://registry-e:8081")));

        assertThat(client).isInstanceOf(CachedSchemaRegistryClient.class);
    }

    @Test
    void rejectsUnknownSchemes() {
        assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", "ftp://x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }
}
