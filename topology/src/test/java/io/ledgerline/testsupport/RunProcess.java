package io.ledgerline.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;

/**
 * One {@code ledgerline run} as an OS process of its own, so a {@link #kill()} is a real crash (SIGKILL) and not a thread
 * interrupted. It keeps its static-membership instance id, state directory, HTTP port and log file across restarts.
 */
public final class RunProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path jar;
    private final int index;
    private final int port;
    private final Path stateDir;
    private final Path log;
    private final Map<String, String> env;
    private Process process;

    /**
     * @param env the instance's settings beyond its own (bootstrap servers, application id, registry and any tuning);
     *            the state directory, HTTP host and port and {@code group.instance.id} are set here
     */
    public RunProcess(Path jar, Path work, String applicationId, int index, Map<String, String> env) throws IOException {
        this.jar = jar;
        this.index = index;
        this.port = freePort();
        this.stateDir = work.resolve("instance-" + index);
        this.log = work.resolve("instance-" + index + ".log");
        this.env = new LinkedHashMap<>(env);
        this.env.put("KAFKA_APPLICATION_ID", applicationId);
        this.env.put("KAFKA_STATE_DIR", stateDir.toString());
        this.env.put("LEDGERLINE_HTTP_HOST", "127.0.0.1");
        this.env.put("LEDGERLINE_HTTP_PORT", Integer.toString(port));
        this.env.put("LEDGERLINE_HTTP_ADVERTISED_HOST", "127.0.0.1");
        // static membership: a restarted instance takes its partitions back without waiting out a session
        this.env.put("KAFKA_GROUP_INSTANCE_ID", applicationId + "-" + index);
        // -Drun.env=NAME=value,... adds settings to every instance: to try a setting without editing a test
        for (String setting : System.getProperty("run.env", "").split(",")) {
            if (setting.contains("=")) {
                this.env.put(setting.substring(0, setting.indexOf('=')).trim(), setting.substring(setting.indexOf('=') + 1).trim());
            }
        }
    }

    public int index() {
        return index;
    }

    public Path stateDir() {
        return stateDir;
    }

    public Path log() {
        return log;
    }

    public void start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(), "run");
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
    }

    /** SIGKILL: no shutdown hook, no commit, no checkpoint. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (the instance closes and commits), then SIGKILL if it has not exited after 20 s. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** {@code /health/ready} answers 200. */
    public boolean ready() {
        try {
            return get("/health/ready", Duration.ofSeconds(2)).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** This instance's answer for an account, whichever instance owns it. */
    public HttpResponse<String> account(String accountId) throws IOException, InterruptedException {
        return get("/accounts/" + accountId, Duration.ofSeconds(20));
    }

    /** The restore rounds this instance logged, over all its runs: each a start or a rebalance that restored state. */
    public List<Duration> restoreRounds() throws IOException {
        List<Duration> rounds = new ArrayList<>();
        for (String line : logLines()) {
            Matcher m = RESTORED.matcher(line);
            if (m.find()) {
                rounds.add(Duration.ofMillis(Long.parseLong(m.group(1))));
            }
        }
        return rounds;
    }

    /**
     * How long each rebalance of a running instance kept it from processing: from its RUNNING → REBALANCING to the
     * next REBALANCING → RUNNING, by the log's timestamps (a run ends at midnight at the latest here).
     */
    public List<Duration> rebalancePauses() throws IOException {
        List<Duration> pauses = new ArrayList<>();
        LocalTime left = null;
        for (String line : logLines()) {
            if (line.contains("Kafka Streams RUNNING -> REBALANCING")) {
                left = LocalTime.parse(line.substring(0, 12));
            } else if (line.contains("Kafka Streams REBALANCING -> RUNNING") && left != null) {
                pauses.add(Duration.between(left, LocalTime.parse(line.substring(0, 12))));
                left = null;
            } else if (line.contains("Kafka Streams CREATED -> REBALANCING")) {
                left = null;
            }
        }
        return pauses;
    }

    private List<String> logLines() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    private static final Pattern RESTORED = Pattern.compile("Restored \\d+ changelog records into \\d+ store partitions in (\\d+) ms");

    private HttpResponse<String> get(String path, Duration timeout) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
