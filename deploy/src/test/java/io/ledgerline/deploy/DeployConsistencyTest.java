package io.ledgerline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.ledgerline.cli.RunSettings;
import io.ledgerline.deploy.support.Catalog;
import io.ledgerline.deploy.support.ConnectorFiles;
import io.ledgerline.deploy.support.InProcessConnect;
import io.ledgerline.glinterface.GlInterfaceFeed;
import io.ledgerline.names.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One catalog, checked: every YAML file of deploy/ parses, and the Strimzi manifests (deploy/k8s) and the compose
 * files (deploy/compose) agree with the topic catalog (io.ledgerline.names.Topics), the connector configs of
 * connectors-config and the settings `run` reads (RunSettings) on every topic, partition count, retention, compaction,
 * ACL, name and port.
 */
class DeployConsistencyTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path K8S = Path.of("k8s");
    private static final Path COMPOSE = Path.of("compose");
    private static final String REGISTRY_TOPIC = "_schemas";
    private static final String APP_ID = "ledgerline-pipeline";

    static List<JsonNode> documents(Path file) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            List<JsonNode> list = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    list.add(doc);
                }
            }
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + file, e);
        }
    }

    static List<JsonNode> k8s(String kind) {
        List<JsonNode> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                documents(file).stream().filter(d -> kind.equals(d.path("kind").asText())).forEach(found::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    static JsonNode one(String kind, String name) {
        return k8s(kind).stream().filter(d -> name.equals(d.path("metadata").path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/k8s"));
    }

    @Test
    void everyYamlFileUnderDeployParses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("."))) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> !f.startsWith("./target") && !f.startsWith("./src"))
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        int documents = 0;
        for (Path file : files) {
            List<JsonNode> docs = documents(file);
            assertThat(docs).as(file + " holds YAML documents").isNotEmpty();
            for (JsonNode doc : docs) {
                assertThat(doc.isObject()).as(file.toString()).isTrue();
                if (file.startsWith("./k8s") && !file.endsWith("kustomization.yaml")) {
                    assertThat(doc.path("apiVersion").asText()).as(file + " apiVersion").isNotBlank();
                    assertThat(doc.path("metadata").path("name").asText()).as(file + " metadata.name")
                            .matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
                }
                documents++;
            }
        }
        assertThat(documents).isGreaterThan(40);
        // kustomization lists every manifest of the directory
        Set<String> listed = new TreeSet<>();
        documents(K8S.resolve("kustomization.yaml")).get(0).path("resources").forEach(r -> listed.add(r.asText()));
        try (Stream<Path> manifests = Files.list(K8S)) {
            assertThat(listed).isEqualTo(new TreeSet<>(manifests.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).toList()));
        }
    }

    @Test
    void kafkaTopicsAreTheCatalogsWithItsPartitionsRetentionAndCompaction() {
        String cluster = k8s("Kafka").get(0).path("metadata").path("name").asText();
        Map<String, JsonNode> topics = new TreeMap<>();
        for (JsonNode topic : k8s("KafkaTopic")) {
            assertThat(topic.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo(cluster);
            String name = topic.path("spec").path("topicName").asText(topic.path("metadata").path("name").asText());
            assertThat(topics.put(name, topic.path("spec"))).as("one KafkaTopic for " + name).isNull();
        }
        Set<String> expected = new TreeSet<>(Catalog.allTopics());
        expected.add(REGISTRY_TOPIC);
        assertThat(topics.keySet()).isEqualTo(expected);

        for (String name : Catalog.pipelineTopics()) {
            JsonNode spec = topics.get(name);
            JsonNode config = spec.path("config");
            assertThat(spec.path("replicas").asInt()).as(name).isEqualTo(Catalog.REPLICAS);
            if (name.equals(Topics.CONFLUENT_COMMAND)) {
                assertThat(spec.path("partitions").asInt()).as("Confluent's licence topic has one partition").isEqualTo(1);
                continue;
            }
            assertThat(spec.path("partitions").asInt()).as(name + ": every Ledgerline topic has the same count")
                    .isEqualTo(Catalog.PARTITIONS);
            Topics.REQUIRED_TOPIC_CONFIG.forEach((key, value) ->
                    assertThat(config.path(key).asText()).as(name + " " + key).isEqualTo(value));
            String policy = config.path("cleanup.policy").asText("delete");
            assertThat(policy).as(name + " cleanup.policy").isEqualTo(Catalog.COMPACTED.contains(name) ? "compact" : "delete");
        }
        for (String name : Catalog.connectInternalTopics()) {
            assertThat(topics.get(name).path("config").path("cleanup.policy").asText()).as(name).isEqualTo("compact");
        }
        Map<String, String> worker = InProcessConnect.properties("connect/production/worker-distributed.properties");
        assertThat(topics.get(worker.get("config.storage.topic")).path("partitions").asInt())
                .as("Connect's config topic has exactly one partition").isEqualTo(1);
        assertThat(topics.get(REGISTRY_TOPIC).path("partitions").asInt()).isEqualTo(1);
    }

    @Test
    void kafkaConnectorsAreTheProductionConnectorConfigs() {
        String connectCluster = k8s("KafkaConnect").get(0).path("metadata").path("name").asText();
        Map<String, JsonNode> connectors = new TreeMap<>();
        k8s("KafkaConnector").forEach(c -> connectors.put(c.path("metadata").path("name").asText(), c));
        List<String> names = new ArrayList<>();
        for (Path file : ConnectorFiles.productionConnectorFiles()) {
            Map<String, String> config = new LinkedHashMap<>(ConnectorFiles.read(file));
            String name = config.remove("name");
            names.add(name);
            JsonNode resource = connectors.get(name);
            assertThat(resource).as("KafkaConnector " + name + " in deploy/k8s/connectors.yaml").isNotNull();
            assertThat(resource.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo(connectCluster);
            assertThat(resource.path("spec").path("class").asText()).isEqualTo(config.remove("connector.class"));
            assertThat(resource.path("spec").path("tasksMax").asText()).isEqualTo(config.remove("tasks.max"));
            Map<String, String> manifest = new LinkedHashMap<>();
            resource.path("spec").path("config").fields().forEachRemaining(e -> manifest.put(e.getKey(), e.getValue().asText()));
            assertThat(manifest).as(name + ": the manifest's config is connectors-config's").isEqualTo(config);
        }
        assertThat(connectors.keySet()).containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void kafkaConnectCarriesTheProductionWorkerConfig() {
        JsonNode connect = k8s("KafkaConnect").get(0);
        Map<String, String> expected = new TreeMap<>();
        InProcessConnect.properties("connect/production/worker-distributed.properties").forEach((key, value) -> {
            // what Strimzi sets itself (spec.bootstrapServers, spec.tls, spec.authentication, the plugin image)
            boolean strimziOwned = key.equals("bootstrap.servers") || key.equals("listeners") || key.equals("plugin.path")
                    || key.contains("sasl.") || key.contains("security.") || key.contains("ssl.");
            if (!strimziOwned) {
                expected.put(key, value);
            }
        });
        Map<String, String> actual = new TreeMap<>();
        connect.path("spec").path("config").fields().forEachRemaining(e -> actual.put(e.getKey(), e.getValue().asText()));
        assertThat(actual).isEqualTo(expected);
        String user = connect.path("spec").path("authentication").path("username").asText();
        assertThat(users()).containsKey(user);
        assertThat(connect.path("spec").path("authentication").path("passwordSecret").path("secretName").asText()).isEqualTo(user);
        // the secrets the connector configs read with ${file:/etc/ledgerline/secrets/...} are mounted there
        assertThat(connect.path("spec").path("template").path("connectContainer").path("volumeMounts").get(0)
                .path("mountPath").asText()).isEqualTo("/etc/ledgerline/secrets");
        Set<String> env = new TreeSet<>();
        connect.path("spec").path("template").path("connectContainer").path("env").forEach(e -> env.add(e.path("name").asText()));
        for (Path file : ConnectorFiles.productionConnectorFiles()) {
            ConnectorFiles.read(file).values().forEach(v -> {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{env:([A-Z0-9_]+)}").matcher(v);
                while (m.find()) {
                    assertThat(env).as(file + " reads ${env:" + m.group(1) + "}").contains(m.group(1));
                }
            });
        }
    }

    static Map<String, JsonNode> users() {
        Map<String, JsonNode> users = new TreeMap<>();
        k8s("KafkaUser").forEach(u -> users.put(u.path("metadata").path("name").asText(), u));
        return users;
    }

    /** user -> "type:patternType:name" -> operations */
    static Map<String, Map<String, Set<String>>> acls() {
        Map<String, Map<String, Set<String>>> acls = new TreeMap<>();
        users().forEach((user, resource) -> {
            Map<String, Set<String>> byResource = new TreeMap<>();
            resource.path("spec").path("authorization").path("acls").forEach(acl -> {
                JsonNode r = acl.path("resource");
                String key = r.path("type").asText() + ":" + r.path("patternType").asText("literal") + ":" + r.path("name").asText();
                Set<String> ops = byResource.computeIfAbsent(key, k -> new TreeSet<>());
                acl.path("operations").forEach(o -> ops.add(o.asText()));
            });
            acls.put(user, byResource);
        });
        return acls;
    }

    @Test
    void everyAclNamesCatalogResourcesAndGrantsOnlyWhatItsComponentDoes() {
        Set<String> topics = Catalog.allTopics();
        topics.add(REGISTRY_TOPIC);
        Map<String, String> worker = InProcessConnect.properties("connect/production/worker-distributed.properties");
        String connectGroup = worker.get("group.id");
        Set<String> groups = Set.of(APP_ID, GlInterfaceFeed.DEFAULT_APPLICATION_ID, connectGroup, "ledgerline-schema-registry");
        Set<String> internalPrefixes = Set.of(APP_ID + "-", GlInterfaceFeed.DEFAULT_APPLICATION_ID + "-", connectGroup + "-");
        Map<String, Map<String, Set<String>>> acls = acls();
        assertThat(acls.keySet()).contains(APP_ID, "ledgerline-gl-feed", "ledgerline-connect", "ledgerline-schema-registry",
                "ledgerline-keda");
        acls.forEach((user, byResource) -> byResource.forEach((resource, ops) -> {
            String[] r = resource.split(":", 3);
            assertThat(ops).as(user + " " + resource).doesNotContain("All");
            if (!r[0].equals("cluster")) {
                assertThat(r[2]).as(user + " " + resource + ": no wildcard").isNotIn("*", "");
            }
            switch (r[0]) {
                case "topic" -> {
                    if (r[1].equals("literal")) {
                        assertThat(topics).as(user + ": topic ACL on a catalog topic").contains(r[2]);
                    } else {
                        boolean matchesCatalog = topics.stream().anyMatch(t -> t.startsWith(r[2]));
                        assertThat(matchesCatalog || internalPrefixes.contains(r[2]))
                                .as(user + ": prefix " + r[2] + " names catalog topics or an application's internal topics").isTrue();
                        assertThat(topics.stream().filter(t -> t.startsWith(r[2]))
                                .allMatch(t -> t.startsWith(Topics.JOURNAL_PREFIX) || t.startsWith(r[2].replaceAll("-$", ""))))
                                .as(user + ": prefix " + r[2] + " reaches no other component's topic").isTrue();
                    }
                }
                case "group" -> assertThat(groups.contains(r[2]) || r[1].equals("prefix"))
                        .as(user + ": group " + r[2]).isTrue();
                case "transactionalId" -> assertThat(internalPrefixes.stream().anyMatch(p -> (r[2] + "-").startsWith(p)
                        || r[2].startsWith(p))).as(user + ": transactional ids " + r[2]).isTrue();
                case "cluster" -> assertThat(ops).as(user + " on the cluster").isSubsetOf("IdempotentWrite", "Describe");
                default -> throw new AssertionError(user + ": unexpected resource type " + r[0]);
            }
        }));
        // who writes what
        assertThat(writtenTopics(acls.get(APP_ID))).as("the pipeline writes its canonical, control and output topics")
                .containsExactlyInAnyOrderElementsOf(concat(Topics.canonical(), Topics.fixedOutputs(),
                        List.of(Topics.JOURNAL_PREFIX + "*", APP_ID + "-*")));
        assertThat(writtenTopics(acls.get("ledgerline-gl-feed"))).containsExactlyInAnyOrderElementsOf(Topics.glInterface());
        assertThat(writtenTopics(acls.get("ledgerline-connect"))).containsExactlyInAnyOrderElementsOf(concat(
                Topics.rawInputs(), Topics.connect(), List.of(connectGroup + "-*")));
        assertThat(acls.get(APP_ID)).containsKey("group:literal:" + APP_ID);
        assertThat(acls.get("ledgerline-gl-feed")).containsKey("group:literal:" + GlInterfaceFeed.DEFAULT_APPLICATION_ID);
        assertThat(acls.get("ledgerline-connect")).containsKey("group:literal:" + connectGroup);
        // each sink's consumer group (connect-<connector name>) is covered
        for (Path file : ConnectorFiles.productionConnectorFiles()) {
            String name = ConnectorFiles.read(file).get("name");
            if (name.contains("-sink")) {
                assertThat(acls.get("ledgerline-connect").keySet()).anyMatch(k -> k.startsWith("group:prefix:")
                        && ("connect-" + name).startsWith(k.substring("group:prefix:".length())));
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }

    private static List<String> writtenTopics(Map<String, Set<String>> acls) {
        List<String> written = new ArrayList<>();
        acls.forEach((resource, ops) -> {
            String[] r = resource.split(":", 3);
            if (r[0].equals("topic") && ops.contains("Write")) {
                written.add(r[1].equals("prefix") ? r[2] + "*" : r[2]);
            }
        });
        return written;
    }

    static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(),
                e.has("value") ? e.path("value").asText() : "from:" + e.path("valueFrom").toString()));
        return env;
    }

    @Test
    void thePipelineStatefulSetIsConfiguredAsRunReadsItsSettings() {
        JsonNode sts = one("StatefulSet", APP_ID);
        JsonNode podSpec = sts.path("spec").path("template").path("spec");
        JsonNode container = podSpec.path("containers").get(0);
        Map<String, String> env = env(container);
        assertThat(container.path("args").get(0).asText()).isEqualTo("run");
        Map<String, String> plain = new HashMap<>();
        env.forEach(plain::put);
        assertThat(RunSettings.load(null, plain).missing()).as("run's required settings").isEmpty();
        RunSettings settings = RunSettings.load(null, plain);
        assertThat(settings.get("application.id")).isEqualTo(APP_ID);
        assertThat(settings.get(RunSettings.PARTITIONS)).isEqualTo(Integer.toString(Catalog.PARTITIONS));
        assertThat(settings.get("group.instance.id")).as("static membership by pod name").isEqualTo("$(POD_NAME)");
        // the http port: settings, container, probes, services, PodMonitor
        String port = settings.get(RunSettings.HTTP_PORT);
        JsonNode httpPort = container.path("ports").get(0);
        assertThat(httpPort.path("name").asText()).isEqualTo("http");
        assertThat(httpPort.path("containerPort").asText()).isEqualTo(port);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/ready");
        assertThat(container.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo("http");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/live");
        assertThat(container.path("livenessProbe").path("httpGet").path("port").asText()).isEqualTo("http");
        String headless = sts.path("spec").path("serviceName").asText();
        JsonNode service = one("Service", headless);
        assertThat(service.path("spec").path("clusterIP").asText()).isEqualTo("None");
        assertThat(service.path("spec").path("ports").get(0).path("port").asText()).isEqualTo(port);
        assertThat(one("Service", APP_ID).path("spec").path("ports").get(0).path("port").asText()).isEqualTo(port);
        assertThat(settings.get(RunSettings.ADVERTISED_HOST)).as("application.server through the headless Service")
                .startsWith("$(POD_NAME)." + headless + ".");
        JsonNode podLabels = sts.path("spec").path("template").path("metadata").path("labels");
        assertThat(service.path("spec").path("selector")).isEqualTo(sts.path("spec").path("selector").path("matchLabels"));
        assertThat(one("PodDisruptionBudget", APP_ID).path("spec").path("selector").path("matchLabels"))
                .isEqualTo(sts.path("spec").path("selector").path("matchLabels"));
        JsonNode podMonitor = one("PodMonitor", APP_ID).path("spec");
        podMonitor.path("selector").path("matchLabels").fields().forEachRemaining(e ->
                assertThat(podLabels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
        assertThat(podMonitor.path("podMetricsEndpoints").get(0).path("port").asText()).isEqualTo("http");
        assertThat(podMonitor.path("podMetricsEndpoints").get(0).path("path").asText()).isEqualTo("/metrics");
        // state on the pod's own volume
        String stateDir = settings.get("state.dir");
        String claim = sts.path("spec").path("volumeClaimTemplates").get(0).path("metadata").path("name").asText();
        assertThat(container.path("volumeMounts").findValuesAsText("mountPath")).contains(stateDir);
        assertThat(container.path("volumeMounts").findValuesAsText("name")).contains(claim);
        // Kafka credentials are the pipeline's own user's
        assertThat(env.get("KAFKA_SASL_JAAS_CONFIG")).contains("\"name\":\"" + APP_ID + "\"");
        assertThat(settings.get(RunSettings.REGISTRY_URL)).isEqualTo("http://ledgerline-schema-registry:"
                + one("Service", "ledgerline-schema-registry").path("spec").path("ports").get(0).path("port").asText());
        // KEDA: this StatefulSet, this group, never more pods than partitions
        JsonNode scaled = one("ScaledObject", APP_ID).path("spec");
        assertThat(scaled.path("scaleTargetRef").path("name").asText()).isEqualTo(APP_ID);
        assertThat(scaled.path("scaleTargetRef").path("kind").asText()).isEqualTo("StatefulSet");
        assertThat(scaled.path("maxReplicaCount").asInt()).isEqualTo(Catalog.PARTITIONS);
        JsonNode trigger = scaled.path("triggers").get(0).path("metadata");
        assertThat(trigger.path("consumerGroup").asText()).isEqualTo(APP_ID);
        assertThat(trigger.path("allowIdleConsumers").asText()).isEqualTo("false");
        assertThat(Catalog.allTopics()).contains(trigger.path("topic").asText());
        assertThat(sts.path("spec").path("replicas").asInt()).isBetween(scaled.path("minReplicaCount").asInt(),
                scaled.path("maxReplicaCount").asInt());
    }

    @Test
    void thePipelineServesHttpsWithACertificateForEveryAddressItIsReachedBy() {
        JsonNode podSpec = one("StatefulSet", APP_ID).path("spec").path("template").path("spec");
        JsonNode container = podSpec.path("containers").get(0);
        Map<String, String> env = env(container);
        RunSettings settings = RunSettings.load(null, env);
        String keystore = settings.get("ledgerline.http.ssl.keystore.location");
        assertThat(keystore).as("HTTPS for the API: ledgerline.http.ssl.keystore.location").endsWith("/keystore.p12");
        assertThat(settings.get("ledgerline.http.ssl.truststore.location")).as("the CA, for forwarded queries")
                .isEqualTo(Path.of(keystore).resolveSibling("truststore.p12").toString());
        // the stores are the Certificate's Secret, mounted where the settings look
        String mount = Path.of(keystore).getParent().toString();
        String volume = null;
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals(mount)) {
                volume = m.path("name").asText();
            }
        }
        assertThat(volume).as("a volume mounted at " + mount).isNotNull();
        String secret = null;
        for (JsonNode v : podSpec.path("volumes")) {
            if (v.path("name").asText().equals(volume)) {
                secret = v.path("secret").path("secretName").asText();
            }
        }
        String tlsSecret = secret;
        JsonNode certificate = k8s("Certificate").stream()
                .filter(c -> c.path("spec").path("secretName").asText().equals(tlsSecret)).findFirst()
                .orElseThrow(() -> new AssertionError("no Certificate writes Secret " + tlsSecret)).path("spec");
        JsonNode pkcs12 = certificate.path("keystores").path("pkcs12");
        assertThat(pkcs12.path("create").asBoolean()).as("cert-manager writes keystore.p12 and truststore.p12").isTrue();
        String password = "\"name\":\"" + pkcs12.path("passwordSecretRef").path("name").asText() + "\"";
        assertThat(env.get("LEDGERLINE_HTTP_SSL_KEYSTORE_PASSWORD")).contains(password);
        assertThat(env.get("LEDGERLINE_HTTP_SSL_TRUSTSTORE_PASSWORD")).contains(password);
        assertThat(k8s("Issuer")).extracting(i -> i.path("metadata").path("name").asText())
                .contains(certificate.path("issuerRef").path("name").asText());
        // the certificate names the Service and each pod's advertised host (forwarded queries verify it)
        String namespace = documents(K8S.resolve("kustomization.yaml")).get(0).path("namespace").asText();
        List<String> dnsNames = new ArrayList<>();
        certificate.path("dnsNames").forEach(n -> dnsNames.add(n.asText()));
        String advertised = settings.get(RunSettings.ADVERTISED_HOST).replace("$(POD_NAME)", APP_ID + "-2")
                .replace("$(POD_NAMESPACE)", namespace);
        assertThat(dnsNames).anySatisfy(n -> assertThat(covers(n, advertised)).as(n + " covers " + advertised).isTrue());
        assertThat(dnsNames).contains(APP_ID, APP_ID + "." + namespace + ".svc");
        // probes and the scraper speak HTTPS; the scraper verifies against the CA
        assertThat(container.path("readinessProbe").path("httpGet").path("scheme").asText()).isEqualTo("HTTPS");
        assertThat(container.path("livenessProbe").path("httpGet").path("scheme").asText()).isEqualTo("HTTPS");
        JsonNode endpoint = one("PodMonitor", APP_ID).path("spec").path("podMetricsEndpoints").get(0);
        assertThat(endpoint.path("scheme").asText()).isEqualTo("https");
        assertThat(endpoint.path("tlsConfig").path("ca").path("secret").path("name").asText()).isEqualTo(tlsSecret);
        assertThat(dnsNames).contains(endpoint.path("tlsConfig").path("serverName").asText());
    }

    /** A certificate's DNS name matches {@code host}; a wildcard stands for exactly one label. */
    private static boolean covers(String dnsName, String host) {
        if (!dnsName.startsWith("*.")) {
            return dnsName.equals(host);
        }
        String suffix = dnsName.substring(1);
        return host.endsWith(suffix) && !host.substring(0, host.length() - suffix.length()).contains(".");
    }

    @Test
    void noManifestHoldsASecretInline() {
        java.util.regex.Pattern secretName = java.util.regex.Pattern.compile(
                ".*(PASSWORD|JAAS|TOKEN|USER_INFO|SECRET|API_KEY|CREDENTIAL).*");
        int secrets = 0;
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode doc : documents(file)) {
                    for (JsonNode envList : doc.findValues("env")) {
                        for (JsonNode e : envList) {
                            String name = e.path("name").asText();
                            if (secretName.matcher(name).matches()) {
                                secrets++;
                                assertThat(e.has("value")).as(file.getFileName() + ": " + name + " inline").isFalse();
                                assertThat(e.path("valueFrom").has("secretKeyRef"))
                                        .as(file.getFileName() + ": " + name + " from a Secret").isTrue();
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(secrets).as("secret settings found (SASL, stores, API token)").isGreaterThanOrEqualTo(6);
    }

    @Test
    void theGlFeedRunsWithItsOwnUserAndApplicationId() {
        JsonNode container = one("Deployment", "ledgerline-gl-feed").path("spec").path("template").path("spec")
                .path("containers").get(0);
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args.get(0)).isEqualTo("gl-feed");
        assertThat(args.get(args.indexOf("--application-id") + 1)).isEqualTo(GlInterfaceFeed.DEFAULT_APPLICATION_ID);
        assertThat(env(container).get("KAFKA_SASL_JAAS_CONFIG")).contains("\"name\":\"ledgerline-gl-feed\"");
        assertThat(users()).containsKey("ledgerline-gl-feed");
    }

    @Test
    void composeCreatesTheCatalogsTopicsAndWiresThePortsAndNames() throws IOException {
        Map<String, String[]> listed = new TreeMap<>();
        for (String line : Files.readAllLines(COMPOSE.resolve("topics.txt"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] parts = line.trim().split("\\s+");
                listed.put(parts[0], parts);
            }
        }
        Set<String> expected = new TreeSet<>(Catalog.pipelineTopics());
        expected.remove(Topics.CONFLUENT_COMMAND); // no Salesforce connector in compose
        assertThat(listed.keySet()).isEqualTo(expected);
        Set<String> partitionCounts = new TreeSet<>();
        listed.forEach((name, parts) -> {
            partitionCounts.add(parts[1]);
            assertThat(parts.length > 2 && parts[2].equals("compact")).as(name + " compacted")
                    .isEqualTo(Catalog.COMPACTED.contains(name));
        });
        assertThat(partitionCounts).as("one partition count").hasSize(1);
        String script = Files.readString(COMPOSE.resolve("create-topics.sh"));
        Topics.REQUIRED_TOPIC_CONFIG.forEach((k, v) -> assertThat(script).contains("--config " + k + "=" + v));

        JsonNode services = documents(COMPOSE.resolve("docker-compose.yml")).get(0).path("services");
        assertThat(services.fieldNames()).toIterable().contains("kafka", "schema-registry", "connect", "postgres",
                "ledgerline", "gl-feed");
        Map<String, String> app = new HashMap<>();
        services.path("ledgerline").path("environment").fields().forEachRemaining(e -> app.put(e.getKey(), e.getValue().asText()));
        RunSettings settings = RunSettings.load(null, app);
        assertThat(settings.missing()).isEmpty();
        assertThat(settings.get("application.id")).isEqualTo(APP_ID);
        assertThat(settings.get(RunSettings.PARTITIONS)).isEqualTo(partitionCounts.iterator().next());
        assertThat(services.path("ledgerline").path("ports").get(0).asText())
                .isEqualTo(settings.get(RunSettings.HTTP_PORT) + ":" + settings.get(RunSettings.HTTP_PORT));
        String registryPort = services.path("schema-registry").path("environment").path("KARAPACE_PORT").asText();
        assertThat(settings.get(RunSettings.REGISTRY_URL)).isEqualTo("http://schema-registry:" + registryPort);
        assertThat(services.path("schema-registry").path("ports").get(0).asText()).isEqualTo(registryPort + ":" + registryPort);
        // Connect: the production worker's names, and every ${env:...} the registered connectors read
        Map<String, String> worker = InProcessConnect.properties("connect/production/worker-distributed.properties");
        JsonNode connectEnv = services.path("connect").path("environment");
        assertThat(connectEnv.path("GROUP_ID").asText()).isEqualTo(worker.get("group.id"));
        assertThat(connectEnv.path("CONFIG_STORAGE_TOPIC").asText()).isEqualTo(worker.get("config.storage.topic"));
        assertThat(connectEnv.path("OFFSET_STORAGE_TOPIC").asText()).isEqualTo(worker.get("offset.storage.topic"));
        assertThat(connectEnv.path("STATUS_STORAGE_TOPIC").asText()).isEqualTo(worker.get("status.storage.topic"));
        String register = Files.readString(COMPOSE.resolve("register-connectors.sh"));
        for (Path file : ConnectorFiles.productionConnectorFiles()) {
            Map<String, String> config = ConnectorFiles.read(file);
            if (!register.contains(config.get("name"))) {
                continue;
            }
            config.values().forEach(v -> {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{env:([A-Z0-9_]+)}").matcher(v);
                while (m.find()) {
                    assertThat(connectEnv.has(m.group(1))).as("compose Connect sets " + m.group(1)).isTrue();
                }
            });
        }
        assertThat(services.path("postgres").path("command").toString()).contains("wal_level=logical");
    }

    @Test
    void thePipelinesAlertRulesRenderIntoAPrometheusRule() throws IOException {
        Set<String> platformAlerts = new TreeSet<>(one("PrometheusRule", "ledgerline-platform-rules").findValuesAsText("alert"));
        assertThat(platformAlerts).isNotEmpty();
        Path rules = Path.of("prometheus/ledgerline-rules.yaml");
        if (!Files.exists(rules)) {
            return; // written by the alerting work; render-prometheus-rules.sh wraps it when it is there
        }
        // what render-prometheus-rules.sh prints: the rules file's groups as the PrometheusRule's spec
        StringBuilder rendered = new StringBuilder("apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\n"
                + "metadata:\n  name: ledgerline-pipeline-rules\nspec:\n");
        for (String line : Files.readAllLines(rules)) {
            if (!line.startsWith("#")) {
                rendered.append("  ").append(line).append('\n');
            }
        }
        JsonNode rule = YAML.readTree(rendered.toString());
        assertThat(rule.path("spec").path("groups").size()).isPositive();
        assertThat(rule.findValuesAsText("alert")).doesNotContainAnyElementsOf(platformAlerts);
    }
}
