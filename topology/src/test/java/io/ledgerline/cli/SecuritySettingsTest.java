package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.testsupport.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run} refuses security settings it cannot use, before it connects anywhere, naming what to fix. */
class SecuritySettingsTest {

    private static final String SASL_PASSWORD = "sasl-pw-7f3a";
    private static final String SCRAM_JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"ledgerline\" password=\"" + SASL_PASSWORD + "\";";

    @TempDir
    static Path dir;
    private static TestPki pki;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(dir);
    }

    @Test
    void usableSettingsOfEveryKindPass() {
        Map<String, String> env = base();
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("KAFKA_SASL_JAAS_CONFIG", SCRAM_JAAS);
        env.putAll(variables("KAFKA_", pki.truststore().asTruststore("ssl.")));
        env.putAll(variables("KAFKA_", pki.truststore().asTruststore("schema.registry.ssl.")));
        env.putAll(variables("KAFKA_", pki.client().asKeystore("schema.registry.ssl.")));
        env.put("KAFKA_BASIC_AUTH_CREDENTIALS_SOURCE", "USER_INFO");
        env.put("KAFKA_BASIC_AUTH_USER_INFO", "registry:secret");
        env.putAll(variables("LEDGERLINE_", pki.server().asKeystore("http.ssl.")));
        RunSettings settings = RunSettings.load(null, env);

        assertThat(SecuritySettings.problems(settings)).isEmpty();
        assertThat(SecuritySettings.httpTls(settings)).isNotNull();
        assertThat(SecuritySettings.httpTls(RunSettings.load(null, base()))).isNull();
    }

    @Test
    void saslWithoutJaasConfigOrWithTheWrongMechanismIsNamed() {
        Map<String, String> env = base();
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        assertThat(problems(env)).singleElement().asString()
                .contains("security.protocol=SASL_SSL needs sasl.jaas.config (KAFKA_SASL_JAAS_CONFIG)");

        env.put("KAFKA_SASL_JAAS_CONFIG", SCRAM_JAAS);
        assertThat(problems(env)).singleElement().asString()
                .contains("sasl.mechanism (KAFKA_SASL_MECHANISM) is GSSAPI but sasl.jaas.config logs in with SCRAM");

        env.put("KAFKA_SECURITY_PROTOCOL", "SASL-SSL");
        assertThat(problems(env)).anySatisfy(p -> assertThat(p).contains("'SASL-SSL' is not one of"));
    }

    @Test
    void aStoreThatIsMissingHasNoPasswordOrDoesNotOpenIsNamed() {
        Map<String, String> env = base();
        env.put("KAFKA_SECURITY_PROTOCOL", "SSL");
        env.put("KAFKA_SSL_KEYSTORE_LOCATION", dir.resolve("absent.p12").toString());
        env.put("KAFKA_SSL_KEYSTORE_PASSWORD", "x");
        assertThat(problems(env)).singleElement().asString()
                .startsWith("ssl.keystore.location: ").contains("absent.p12 does not exist");

        env.put("KAFKA_SSL_KEYSTORE_LOCATION", pki.client().path().toString());
        env.remove("KAFKA_SSL_KEYSTORE_PASSWORD");
        assertThat(problems(env)).singleElement().asString()
                .isEqualTo("ssl.keystore.password is required with ssl.keystore.location");

        env.put("KAFKA_SSL_KEYSTORE_PASSWORD", "wrong-password-1234");
        assertThat(problems(env)).singleElement().asString().startsWith("ssl.* cannot be used: ")
                .contains("keystore").doesNotContain("wrong-password-1234");
    }

    @Test
    void aKeyStoreWithAProtocolThatWouldNotUseItIsNamed() {
        Map<String, String> env = base();
        env.putAll(variables("KAFKA_", pki.client().asKeystore("ssl.")));
        assertThat(problems(env)).singleElement().asString()
                .contains("security.protocol=PLAINTEXT would not use it").contains("KAFKA_SECURITY_PROTOCOL");
    }

    @Test
    void httpsWithoutAKeyStoreAndRegistryCredentialsWithoutUserInfoAreNamed() {
        Map<String, String> env = base();
        env.putAll(variables("LEDGERLINE_", pki.truststore().asTruststore("http.ssl.")));
        env.put("KAFKA_BASIC_AUTH_CREDENTIALS_SOURCE", "USER_INFO");
        assertThat(problems(env)).containsExactlyInAnyOrder(
                "basic.auth.credentials.source=USER_INFO needs basic.auth.user.info (user:password)",
                "HTTPS for the API (ledgerline.http.ssl.*) needs the instance's certificate: set "
                        + "ledgerline.http.ssl.keystore.location (LEDGERLINE_HTTP_SSL_KEYSTORE_LOCATION) and "
                        + "ledgerline.http.ssl.keystore.password (LEDGERLINE_HTTP_SSL_KEYSTORE_PASSWORD)");
    }

    @Test
    void runStopsAtStartWithTheProblemsAndNoSecret() {
        Map<String, String> env = base();
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_JAAS_CONFIG", SCRAM_JAAS);
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", dir.resolve("no-such-truststore.p12").toString());
        env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", "truststore-pw-99");
        RunCommand command = new RunCommand();
        command.environment = env;
        StringWriter err = new StringWriter();

        int exit = new CommandLine(command).setErr(new PrintWriter(err)).execute();

        assertThat(exit).isEqualTo(LedgerlineCli.EXIT_USAGE);
        assertThat(err.toString()).contains("the security settings cannot be used; nothing was started")
                .contains("sasl.mechanism (KAFKA_SASL_MECHANISM) is GSSAPI")
                .contains("ssl.truststore.location: ").contains("no-such-truststore.p12 does not exist")
                .doesNotContain(SASL_PASSWORD).doesNotContain("truststore-pw-99");
    }

    @Test
    void resetChecksTheSameSettingsBeforeItTouchesTheCluster() {
        Map<String, String> env = base();
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        ResetCommand command = new ResetCommand();
        command.environment = env;
        StringWriter err = new StringWriter();

        int exit = new CommandLine(command).setErr(new PrintWriter(err)).execute("--dry-run");

        assertThat(exit).isEqualTo(LedgerlineCli.EXIT_USAGE);
        assertThat(err.toString()).contains("nothing was reset").contains("needs sasl.jaas.config");
    }

    private static List<String> problems(Map<String, String> env) {
        return SecuritySettings.problems(RunSettings.load(null, env));
    }

    private static Map<String, String> base() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");
        env.put("KAFKA_APPLICATION_ID", "ledgerline-security");
        env.put("KAFKA_STATE_DIR", dir.resolve("state").toString());
        env.put("LEDGERLINE_SCHEMA_REGISTRY_URL", "https://127.0.0.1:1");
        return env;
    }

    /** Settings as the environment variables that set them. */
    static Map<String, String> variables(String prefix, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        settings.forEach((key, value) -> env.put(RunSettings.variableFor(prefix.equals("LEDGERLINE_") ? "ledgerline." + key
                : key), value));
        return env;
    }
}
