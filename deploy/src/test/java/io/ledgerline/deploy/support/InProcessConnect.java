package io.ledgerline.deploy.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * A Kafka Connect worker (standalone mode) in this JVM, as the demo runs one (io.ledgerline.demo.ConnectWorker): the
 * plugins are the test classpath's (Debezium's connectors among them), found through their service files.
 */
public final class InProcessConnect implements AutoCloseable {

    private final Connect<StandaloneHerder> connect;

    private InProcessConnect(Connect<StandaloneHerder> connect) {
        this.connect = connect;
    }

    /** A worker with the demo's worker settings (connect/embedded/worker.properties), on the given broker. */
    public static InProcessConnect start(String bootstrapServers, Path dataDir, Map<String, String> overrides) {
        Map<String, String> worker = properties("connect/embedded/worker.properties");
        worker.put("bootstrap.servers", bootstrapServers);
        worker.put("offset.storage.file.filename", dataDir.resolve("connect.offsets").toString());
        // as the production worker: a sink never reads what an exactly-once producer has not committed
        worker.put("consumer.isolation.level", "read_committed");
        worker.putAll(overrides);
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka Connect failed to start (status " + status + "): " + message);
        });
        try {
            return new InProcessConnect(new ConnectStandalone().startConnect(worker));
        } finally {
            Exit.resetExitProcedure();
        }
    }

    public void createConnector(Map<String, String> config) throws Exception {
        FutureCallback<Object> created = new FutureCallback<>();
        connect.herder().putConnectorConfig(config.get("name"), config, false, created::onCompletion);
        created.get(30, TimeUnit.SECONDS);
    }

    /** The connector's state and its tasks' states, e.g. {@code RUNNING [RUNNING]}. */
    public String status(String connector) {
        var status = connect.herder().connectorStatus(connector);
        return status.connector().state() + " " + status.tasks().stream()
                .map(t -> t.state() + (t.trace() == null ? "" : ": " + t.trace())).toList();
    }

    public StandaloneHerder herder() {
        return connect.herder();
    }

    public static Map<String, String> properties(String resource) {
        Properties props = new Properties();
        try (InputStream in = InProcessConnect.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
        return map;
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
