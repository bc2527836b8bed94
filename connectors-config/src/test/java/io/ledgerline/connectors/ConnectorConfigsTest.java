package io.ledgerline.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.junit.jupiter.api.Test;

class ConnectorConfigsTest {

    /**
     * The raw topics of DESIGN.md ("Topics"); io.ledgerline.names.Topics holds the same names and the topology
     * module's EmbeddedConnectorsTest checks the demo's connectors against that class.
     */
    static final Set<String> RAW_TOPICS = Set.of("raw.crm.salesforce.cdc", "raw.billing.stripe.events",
            "raw.erp.masterdata", "raw.erp.posting-results");
    static final Pattern JOURNAL_TOPICS = Pattern.compile("erp\\.journal\\.[a-z0-9_-]+");
    /** io.ledgerline.names.Topics.glInterface(); the deploy module checks every config against that class. */
    static final Set<String> GL_INTERFACE_TOPICS = Set.of("erp.gl-interface.headers", "erp.gl-interface.lines");
    /** io.ledgerline.names.Topics.CRM_WRITEBACK. */
    static final String CRM_WRITEBACK_TOPIC = "crm.writeback";

    // Keys whose values are credentials; "key.converter" and "primary.key.*" are not, hence the anchoring.
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(^|\\.)(password|secret|token|api\\.key|consumer\\.key|user\\.info|jaas\\.config|credentials)$"
                    + "|password|secret");
    private static final Pattern PROVIDED = Pattern.compile("\\$\\{(env|file|vault|directory):[^}]+}");
    private static final Pattern LITERAL_SECRET_VALUE = Pattern.compile(
            "(sk|rk|pk)_(live|test)_\\w+|Bearer\\s+(?!\\$\\{)\\S+|password\\s*=\\s*\"(?!\\$\\{)[^\"]+\"");

    @Test
    void everyFileParsesAndConnectorsNameTheirClass() {
        List<Path> files = new ArrayList<>(ConnectorConfigs.files("production"));
        files.addAll(ConnectorConfigs.files("embedded"));
        assertThat(files).hasSizeGreaterThanOrEqualTo(13);
        for (Path file : files) {
            Map<String, String> config = ConnectorConfigs.parse(file);
            assertThat(config).as(file.toString()).isNotEmpty();
            if (!ConnectorConfigs.isWorker(file)) {
                assertThat(config).as(file.toString()).containsKeys("name", "connector.class", "tasks.max");
            } else {
                assertThat(config).as(file.toString()).containsKeys("bootstrap.servers", "key.converter",
                        "value.converter");
            }
        }
    }

    @Test
    void sourcesWriteRawTopicsAndSinksReadJournalTopics() {
        Set<String> produced = new TreeSet<>();
        for (Path file : ConnectorConfigs.files("production/connectors")) {
            Map<String, String> config = ConnectorConfigs.parse(file);
            if (file.getFileName().toString().startsWith("crm-writeback-")) {
                // the Salesforce sinks read the billing status the pipeline writes back to the CRM
                assertThat(config.get("topics")).as(file + " reads the CRM write-back").isEqualTo(CRM_WRITEBACK_TOPIC);
            } else if (file.getFileName().toString().contains("-sink")) {
                // the JDBC sinks read the GL-interface rows that `ledgerline gl-feed` flattens the journal into
                assertThat(config.get("topics")).as(file + " reads a GL-interface topic").isIn(GL_INTERFACE_TOPICS);
            } else {
                String topic = targetTopic(config);
                assertThat(RAW_TOPICS).as(file + " writes a raw topic").contains(topic);
                produced.add(topic);
            }
        }
        for (Path file : ConnectorConfigs.files("embedded/connectors")) {
            produced.add(targetTopic(ConnectorConfigs.parse(file)));
        }
        assertThat(produced).isEqualTo(RAW_TOPICS);
    }

    private static String targetTopic(Map<String, String> config) {
        for (String key : List.of("topic", "kafka.topic", "transforms.outbox.route.topic.replacement",
                "transforms.route.replacement")) {
            if (config.containsKey(key)) {
                return config.get(key);
            }
        }
        throw new AssertionError("no target topic in " + config);
    }

    @Test
    void noCredentialIsWrittenLiterally() {
        List<String> literal = new ArrayList<>();
        for (Path file : ConnectorConfigs.files("")) {
            ConnectorConfigs.parse(file).forEach((key, value) -> {
                boolean secretKey = SECRET_KEY.matcher(key).find() && !key.endsWith(".source");
                if (secretKey && !PROVIDED.matcher(value).find()) {
                    literal.add(file + ": " + key);
                }
                if (LITERAL_SECRET_VALUE.matcher(value).find()) {
                    literal.add(file + ": " + key + " holds a literal credential");
                }
            });
        }
        assertThat(literal).isEmpty();
    }

    @Test
    void productionWorkerResolvesCredentialsThroughConfigProviders() {
        Map<String, String> worker = ConnectorConfigs.parse(
                ConnectorConfigs.ROOT.resolve("production/worker-distributed.properties"));
        assertThat(worker.get("config.providers")).contains("env");
        assertThat(worker.get("config.providers.env.class"))
                .isEqualTo("org.apache.kafka.common.config.provider.EnvVarConfigProvider");
    }

    @Test
    void embeddedConnectorsAreValidFileStreamSources() {
        for (Path file : ConnectorConfigs.files("embedded/connectors")) {
            Map<String, String> config = ConnectorConfigs.parse(file);
            assertThat(config.get("connector.class")).isEqualTo(FileStreamSourceConnector.class.getName());
            Config validated = new FileStreamSourceConnector().validate(config);
            for (ConfigValue value : validated.configValues()) {
                assertThat(value.errorMessages()).as(file + " " + value.name()).isEmpty();
            }
            assertThat(config.get("file")).as(file + ": a bare file name, resolved against the input directory")
                    .doesNotContain("/");
        }
    }

    /** io.ledgerline.names.Topics.MAX_RECORD_BYTES, which this module cannot see; EmbeddedConnectorsTest checks it. */
    static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;

    @Test
    void theEmbeddedWorkersProducersTakeRecordsAsLargeAsThePipelineDoes() {
        Map<String, String> worker = ConnectorConfigs.parse(ConnectorConfigs.ROOT.resolve("embedded/worker.properties"));
        assertThat(worker.get("producer.max.request.size")).as("the 1 MB default would fail a connector on a 2 MB line")
                .isEqualTo(Integer.toString(MAX_RECORD_BYTES));
        // no connector lowers it again (an override would also need connector.client.config.override.policy)
        for (Path file : ConnectorConfigs.files("embedded/connectors")) {
            Map<String, String> config = ConnectorConfigs.parse(file);
            String override = config.get("producer.override.max.request.size");
            if (override != null) {
                assertThat(Integer.parseInt(override)).as(file.toString()).isGreaterThanOrEqualTo(MAX_RECORD_BYTES);
            }
        }
    }

    @Test
    void theIndexListsEveryEmbeddedConnector() throws IOException {
        Path embedded = ConnectorConfigs.ROOT.resolve("embedded");
        List<String> listed = Files.readAllLines(embedded.resolve("connectors.txt")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
        List<String> present = ConnectorConfigs.files("embedded/connectors").stream()
                .map(f -> embedded.relativize(f).toString()).sorted().toList();
        assertThat(listed).isEqualTo(present);
    }
}
