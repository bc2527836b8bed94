package io.ledgerline.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * A real Kafka Connect worker (standalone mode) in this JVM, configured from the connectors-config module's
 * {@code connect/embedded/} resources: the worker file plus one FileStreamSource connector per export file present in
 * the input directory. Code only fills in what depends on the run: the broker, the offsets file, the files' paths.
 */
final class ConnectWorker implements AutoCloseable {

    static final String RESOURCES = "connect/embedded/";
    private static final long SUBMIT_TIMEOUT_SECONDS = 30;

    private final Connect<StandaloneHerder> connect;
    private final Map<String, Path> filesByTopic;

    private ConnectWorker(Connect<StandaloneHerder> connect, Map<String, Path> filesByTopic) {
        this.connect = connect;
        this.filesByTopic = filesByTopic;
    }

    /**
     * Starts the worker and its connectors.
     *
     * @param dataDir  where the worker keeps its source offsets
     * @param inputDir the export files the connectors replay
     */
    static ConnectWorker start(String bootstrapServers, Path dataDir, Path inputDir) {
        Map<String, String> worker = load(RESOURCES + "worker.properties");
        worker.put("bootstrap.servers", bootstrapServers);
        worker.put("offset.storage.file.filename",
                dataDir.resolve(worker.get("offset.storage.file.filename")).toAbsolutePath().toString());
        Connect<StandaloneHerder> connect = startWorker(worker);
        Map<String, Path> files = new LinkedHashMap<>();
        try {
            for (Map<String, String> connector : connectorsFor(inputDir)) {
                submit(connect.herder(), connector);
                files.put(connector.get("topic"), Path.of(connector.get("file")));
            }
        } catch (RuntimeException e) {
            connect.stop();
            throw e;
        }
        return new ConnectWorker(connect, files);
    }

    // On a failed start Connect's CLI calls Exit.exit, which would end the whole demo without a word: turn it
    // into an exception for the time of the start.
    private static Connect<StandaloneHerder> startWorker(Map<String, String> worker) {
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka Connect failed to start (status " + status + ")"
                    + (message == null ? "" : ": " + message));
        });
        try {
            return new ConnectStandalone().startConnect(worker);
        } finally {
            Exit.resetExitProcedure();
        }
    }

    /** The connector configs whose export file exists in {@code inputDir}, with the file resolved against it. */
    static List<Map<String, String>> connectorsFor(Path inputDir) {
        List<Map<String, String>> connectors = new ArrayList<>();
        for (String resource : index()) {
            Map<String, String> config = load(RESOURCES + resource);
            Path file = inputDir.resolve(config.get("file")).toAbsolutePath();
            if (Files.isRegularFile(file)) {
                config.put("file", file.toString());
                connectors.add(config);
            }
        }
        return connectors;
    }

    private static void submit(StandaloneHerder herder, Map<String, String> config) {
        FutureCallback<Object> created = new FutureCallback<>();
        herder.putConnectorConfig(config.get("name"), config, false, (error, result) -> created.onCompletion(error, result));
        try {
            created.get(SUBMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating connector " + config.get("name"), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Connect rejected connector " + config.get("name") + ": "
                    + cause.getMessage(), cause);
        }
    }

    /** Raw topic to the export file its connector replays. */
    Map<String, Path> filesByTopic() {
        return filesByTopic;
    }

    String restUrl() {
        return connect.rest().advertisedUrl().toString();
    }

    StandaloneHerder herder() {
        return connect.herder();
    }

    private static List<String> index() {
        List<String> entries = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(RESOURCES + "connectors.txt"),
                StandardCharsets.UTF_8))) {
            reader.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(entries::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static Map<String, String> load(String resource) {
        Properties props = new Properties();
        try (InputStream in = open(resource)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
        Map<String, String> config = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> config.put(k, props.getProperty(k)));
        return config;
    }

    private static InputStream open(String resource) {
        InputStream in = ConnectWorker.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("Resource " + resource + " is missing from the classpath: "
                    + "is ledgerline-connectors-config on it?");
        }
        return in;
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
