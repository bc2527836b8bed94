package io.ledgerline.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Registry credentials as Confluent's clients take them, and never shown. */
class AvroSerdeConfigCredentialsTest {

    private static final String URL = "https://registry:8081";

    @Test
    void userInfoSourceTakesTheSettingAndUrlSourceTheUrlsUserInfo() {
        assertThat(AvroSerdeConfig.from(Map.of("schema.registry.url", URL, "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "sr-user:pw-1")).basicAuthUserInfo()).isEqualTo("sr-user:pw-1");
        AvroSerdeConfig fromUrl = AvroSerdeConfig.from(Map.of("schema.registry.url",
                "https://sr-user:pw-2@registry:8081,https://registry-b:8081", "basic.auth.credentials.source", "url"));
        assertThat(fromUrl.basicAuthUserInfo()).isEqualTo("sr-user:pw-2");
        // the URLs kept, and so every message naming them, carry no credentials
        assertThat(fromUrl.schemaRegistryUrls()).containsExactly(URL, "https://registry-b:8081");
        // without a source: whichever is given, as before
        assertThat(AvroSerdeConfig.from(Map.of("schema.registry.url", URL, "schema.registry.basic.auth.user.info",
                "u:p")).basicAuthUserInfo()).isEqualTo("u:p");
        assertThat(AvroSerdeConfig.from(Map.of("schema.registry.url", URL)).basicAuthUserInfo()).isNull();
    }

    @Test
    void aSourceWithoutItsCredentialsOrAnUnknownSourceFailsWithoutShowingSecrets() {
        assertThatThrownBy(() -> AvroSerdeConfig.from(Map.of("schema.registry.url", URL,
                "basic.auth.credentials.source", "USER_INFO"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs basic.auth.user.info");
        assertThatThrownBy(() -> AvroSerdeConfig.from(Map.of("schema.registry.url", URL,
                "basic.auth.credentials.source", "URL"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("user info in schema.registry.url");
        assertThatThrownBy(() -> AvroSerdeConfig.from(Map.of("schema.registry.url", URL,
                "basic.auth.credentials.source", "SASL_INHERIT"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("supported: USER_INFO");
        assertThatThrownBy(() -> AvroSerdeConfig.from(Map.of("schema.registry.url", URL,
                "basic.auth.user.info", "no-colon-secret"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("user:password").hasMessageNotContaining("no-colon-secret");
    }

    @Test
    void theStringFormHidesCredentialsAndTlsValues() {
        AvroSerdeConfig config = AvroSerdeConfig.from(Map.of("schema.registry.url", URL, "basic.auth.user.info",
                "u:hidden-pw", "schema.registry.ssl.truststore.password", "trust-pw"));
        assertThat(config.toString()).contains("basicAuth=true").contains("schema.registry.ssl.truststore.password")
                .doesNotContain("hidden-pw").doesNotContain("trust-pw");
    }
}
