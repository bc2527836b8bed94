package io.ledgerline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.deploy.support.Catalog;
import io.ledgerline.deploy.support.ConnectorFiles;
import io.ledgerline.deploy.support.InProcessConnect;
import io.ledgerline.names.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The production connector configs against the topic catalog (io.ledgerline.names.Topics): each parses, names only
 * catalog topics, sets the record key with a transform (or the connector's own key setting where the value is opaque
 * text), and every transform and predicate whose class is on the classpath accepts its settings.
 */
class ConnectorCatalogTest {

    /** Connector classes that are not on Maven Central, so not on this classpath: validated where they are installed. */
    static final Set<String> NOT_ON_MAVEN_CENTRAL = Set.of(
            "io.confluent.salesforce.SalesforceCdcSourceConnector", // Confluent Hub: confluentinc/kafka-connect-salesforce
            "io.confluent.salesforce.SalesforceSObjectSinkConnector", // the same plugin: the CRM write-back
            "com.github.castorm.kafka.connect.http.HttpSourceConnector"); // GitHub releases of castorm/kafka-connect-http

    private static final Set<String> KEY_TRANSFORMS = Set.of("org.apache.kafka.connect.transforms.ValueToKey",
            "org.apache.kafka.connect.transforms.ExtractField$Key", "io.debezium.transforms.outbox.EventRouter");

    @Test
    void everyConnectorConfigParsesAndNamesItsClass() {
        List<Path> files = ConnectorFiles.productionConnectorFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
        for (Path file : files) {
            Map<String, String> config = ConnectorFiles.read(file);
            assertThat(config).as(file.toString()).containsKeys("name", "connector.class", "tasks.max");
            assertThat(file.getFileName().toString()).isEqualTo(config.get("name") + ".json");
            String className = config.get("connector.class");
            if (!NOT_ON_MAVEN_CENTRAL.contains(className)) {
                assertThat(loads(className)).as(className + " is on the classpath").isTrue();
            }
        }
    }

    @Test
    void connectorsNameOnlyCatalogTopics() {
        Set<String> catalog = Catalog.allTopics();
        Map<String, List<String>> named = new LinkedHashMap<>();
        for (Path file : ConnectorFiles.productionConnectorFiles()) {
            Map<String, String> config = ConnectorFiles.read(file);
            List<String> topics = topicsNamedBy(config);
            assertThat(topics).as(file + " names the topics it reads or writes").isNotEmpty();
            named.put(file.getFileName().toString(), topics);
            String regex = config.get("topics.regex");
            if (regex != null) {
                Pattern pattern = Pattern.compile(regex);
                List<String> matched = catalog.stream().filter(t -> pattern.matcher(t).matches()).toList();
                assertThat(matched).as(file + ": topics.regex matches catalog topics").isNotEmpty()
                        .allMatch(t -> t.startsWith(Topics.JOURNAL_PREFIX));
            }
        }
        named.forEach((file, topics) -> assertThat(catalog).as(file).containsAll(topics));
        // and every raw topic has a production source
        assertThat(named.values().stream().flatMap(List::stream).toList()).containsAll(Topics.rawInputs())
                .containsAll(Topics.glInterface());
    }

    /** Topic names in a connector config: what it writes, reads, routes to and dead-letters to. */
    static List<String> topicsNamedBy(Map<String, String> config) {
        List<String> topics = new ArrayList<>();
        config.forEach((key, value) -> {
            boolean topicKey = key.equals("topic") || key.equals("kafka.topic")
                    || key.equals("errors.deadletterqueue.topic.name") || key.equals("confluent.topic")
                    || key.equals("transforms.outbox.route.topic.replacement")
                    || (key.matches("transforms\\.[^.]+\\.replacement")
                        && "org.apache.kafka.connect.transforms.RegexRouter".equals(
                                config.get(key.replace(".replacement", ".type"))));
            if (topicKey) {
                topics.add(value.trim());
            } else if (key.equals("topics")) {
                Arrays.stream(value.split(",")).map(String::trim).forEach(topics::add);
            }
        });
        return topics;
    }

    @Test
    void everySourceSetsTheRecordKey() {
        for (Path file : ConnectorFiles.productionConnectorFiles()) {
            Map<String, String> config = ConnectorFiles.read(file);
            if (file.getFileName().toString().startsWith("crm-writeback-")) {
                // the Salesforce sinks upsert on an external id field that the record's id is renamed to
                String idField = config.get("salesforce.custom.id.field.name");
                assertThat(config.get("salesforce.sink.object.operation")).as(file.toString()).isEqualTo("upsert");
                assertThat(config.get("salesforce.use.custom.id.field")).as(file.toString()).isEqualTo("true");
                assertThat(idField).as(file.toString()).endsWith("__c");
                assertThat(config.get("transforms.fields.renames")).as(file.toString()).contains("recordId:" + idField);
                continue;
            }
            if (file.getFileName().toString().contains("-sink")) {
                // sinks take the key from the row itself (primary.key.mode=record_value)
                assertThat(config.get("primary.key.mode")).as(file.toString()).isEqualTo("record_value");
                continue;
            }
            List<String> types = transformTypes(config);
            boolean keyedByTransform = types.stream().anyMatch(KEY_TRANSFORMS::contains);
            // castorm's HTTP source reads opaque JSON text, which no single message transform can look into: the
            // connector sets the key itself from a JSON pointer (the Stripe object id)
            boolean keyedByConnector = config.containsKey("http.response.record.key.pointer");
            assertThat(keyedByTransform || keyedByConnector).as(file + " sets the record key").isTrue();
        }
    }

    @Test
    void everyTransformAndPredicateOnTheClasspathAcceptsItsSettings() throws Exception {
        int checked = 0;
        for (Path file : ConnectorFiles.productionConnectorFiles()) {
            Map<String, String> config = ConnectorFiles.read(file);
            for (String kind : List.of("transforms", "predicates")) {
                String aliases = config.get(kind);
                if (aliases == null || aliases.isBlank()) {
                    continue;
                }
                for (String alias : aliases.split(",")) {
                    String prefix = kind + "." + alias.trim() + ".";
                    String type = config.get(prefix + "type");
                    assertThat(type).as(file + ": " + prefix + "type").isNotBlank();
                    assertThat(loads(type)).as(file + ": " + type + " is on the classpath").isTrue();
                    Map<String, String> settings = new LinkedHashMap<>();
                    config.forEach((k, v) -> {
                        if (k.startsWith(prefix) && !k.equals(prefix + "type")) {
                            settings.put(k.substring(prefix.length()), v);
                        }
                    });
                    Object instance = Class.forName(type).getDeclaredConstructor().newInstance();
                    assertThat(instance).isInstanceOfAny(Transformation.class, Predicate.class);
                    ((Configurable) instance).configure(settings); // throws ConfigException on a bad setting
                    if (instance instanceof Transformation<?> t) {
                        t.close();
                    }
                    checked++;
                    if (kind.equals("transforms") && config.containsKey(prefix + "predicate")) {
                        assertThat(Arrays.asList(config.getOrDefault("predicates", "").split(",")))
                                .contains(config.get(prefix + "predicate"));
                    }
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    @Test
    void theProductionWorkerIsDistributedWithExactlyOnceSourcesAndProvidedSecrets() {
        Map<String, String> worker = InProcessConnect.properties("connect/production/worker-distributed.properties");
        assertThat(worker).containsKeys("group.id", "config.storage.topic", "offset.storage.topic", "status.storage.topic");
        assertThat(worker.get("exactly.once.source.support")).isEqualTo("enabled");
        assertThat(worker.get("consumer.isolation.level")).isEqualTo("read_committed");
        assertThat(worker.get("config.providers")).contains("env").contains("file");
        assertThat(worker.get("config.providers.file.param.allowed.paths")).isEqualTo("/etc/ledgerline/secrets");
        assertThat(worker.get("topic.creation.enable")).as("topics come from deploy/k8s/topics.yaml").isEqualTo("false");
        for (Path file : ConnectorFiles.productionConnectorFiles()) {
            Map<String, String> config = ConnectorFiles.read(file);
            if (file.getFileName().toString().contains("-sink")) {
                assertThat(config.get("errors.tolerance")).as(file.toString()).isEqualTo("all");
                assertThat(config.get("errors.deadletterqueue.topic.name")).isEqualTo(Topics.CONNECT_DEADLETTER);
            } else {
                assertThat(config.get("errors.tolerance")).as(file + ": a source has no dead-letter queue, so tolerating"
                        + " an error would skip a record").isEqualTo("none");
            }
        }
    }

    static boolean loads(String className) {
        try {
            Class.forName(className, false, ConnectorCatalogTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static List<String> transformTypes(Map<String, String> config) {
        String aliases = config.getOrDefault("transforms", "");
        List<String> types = new ArrayList<>();
        for (String alias : aliases.split(",")) {
            if (!alias.isBlank()) {
                types.add(config.get("transforms." + alias.trim() + ".type"));
            }
        }
        return types;
    }
}
