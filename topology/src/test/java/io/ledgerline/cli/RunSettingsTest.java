package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunSettingsTest {

    @TempDir
    Path dir;

    @Test
    void environmentVariablesMapToPropertyNames() {
        Map<String, String> mapped = RunSettings.fromEnvironment(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "KAFKA_SASL_JAAS_CONFIG", "jaas",
                "KAFKA_CLIENT__RACK", "r1",
                "KAFKA_SOME___DASHED_KEY", "d",
                "LEDGERLINE_HTTP_PORT", "9000",
                "HOME", "/root",
                "KAFKA_", "ignored"));
        assertThat(mapped).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bootstrap.servers", "kafka:9092",
                "sasl.jaas.config", "jaas",
                "client_rack", "r1",
                "some-dashed.key", "d",
                "ledgerline.http.port", "9000"));
    }

    @Test
    void environmentOverridesTheFileAndLedgerlineRegistryUrlIsTheSerdeSetting() throws Exception {
        Path file = dir.resolve("run.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\napplication.id=from-file\nstate.dir=/var/ledgerline\n");
        RunSettings settings = RunSettings.load(file, Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092",
                "LEDGERLINE_SCHEMA_REGISTRY_URL", "http://registry:8081"));
        assertThat(settings.get("bootstrap.servers")).isEqualTo("env:9092");
        assertThat(settings.get("application.id")).isEqualTo("from-file");
        assertThat(settings.get("schema.registry.url")).isEqualTo("http://registry:8081");
        assertThat(settings.missing()).isEmpty();
        assertThat(RunCommand.serdeConfig(settings)).containsEntry("schema.registry.url", "http://registry:8081");
    }

    @Test
    void missingSettingsAreNamedWithTheirVariables() {
        RunSettings settings = RunSettings.load(null, Map.of("KAFKA_APPLICATION_ID", "ledgerline"));
        assertThat(settings.missing()).containsExactly(
                "bootstrap.servers (set it in --config or with the environment variable KAFKA_BOOTSTRAP_SERVERS)",
                "schema.registry.url (set it in --config or with the environment variable "
                        + "LEDGERLINE_SCHEMA_REGISTRY_URL)",
                "state.dir (set it in --config or with the environment variable KAFKA_STATE_DIR)");
    }

    @Test
    void runRefusesToStartWithoutRequiredSettings() {
        RunCommand command = new RunCommand();
        command.environment = Map.of();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(command).setErr(new PrintWriter(err)).execute();
        assertThat(exit).isEqualTo(LedgerlineCli.EXIT_USAGE);
        assertThat(err.toString()).contains("missing required settings", "KAFKA_BOOTSTRAP_SERVERS",
                "KAFKA_APPLICATION_ID", "LEDGERLINE_SCHEMA_REGISTRY_URL", "KAFKA_STATE_DIR");
    }

    @Test
    void streamsConfigCarriesDeadLettersApplicationServerAndOverrides() {
        RunSettings settings = RunSettings.load(null, Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "KAFKA_APPLICATION_ID", "ledgerline", "KAFKA_STATE_DIR", "/var/ledgerline",
                "LEDGERLINE_SCHEMA_REGISTRY_URL", "http://registry:8081", "KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));
        var props = io.ledgerline.runtime.AppRunner.streamsConfig(RunCommand.runnerOptions(settings, 64L * 1024 * 1024),
                Path.of("/var/ledgerline"), RunCommand.serdeConfig(settings),
                new org.apache.kafka.streams.state.HostInfo("pod-1", 8080));
        assertThat(props.getProperty("application.server")).isEqualTo("pod-1:8080");
        assertThat(props.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(props.getProperty("schema.registry.url")).isEqualTo("http://registry:8081");
        assertThat(props.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(props.getProperty("processing.exception.handler"))
                .isEqualTo("io.ledgerline.errors.DeadLetterProcessingExceptionHandler");
        assertThat(props.getProperty(org.apache.kafka.streams.StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo("io.ledgerline.errors.DeadLetterDeserializationExceptionHandler");
        assertThat(props.getProperty("rocksdb.config.setter")).isEqualTo("io.ledgerline.runtime.BoundedRocksDbMemory");
        assertThat(props.getProperty("ledgerline.rocksdb.memory.bytes")).isEqualTo(Long.toString(64L * 1024 * 1024));
    }
}
