package io.ledgerline.http;

import io.ledgerline.ops.OperatorAction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Ledgerline's HTTP API: {@code /health/live}, {@code /health/ready}, {@code /metrics} (Prometheus text),
 * {@code GET /accounts/{accountId}}, {@code GET /transactions/{correlationId}}, {@code GET /reconciliation[/{accountId}]},
 * {@code GET /close/{legalEntity}/{period}} and the exception queue of finance
 * operations: {@code GET /exceptions}, {@code GET /exceptions/{id}}, {@code POST /exceptions/{id}/replay|dismiss}
 * (the latter two with the {@link ApiToken}). It starts before the Streams client (whose {@code application.server}
 * must name the bound port) and answers "not ready" until {@link #attach}.
 */
public final class LedgerlineApi implements AutoCloseable {

    public static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final JsonHttpServer server;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PeerClient peers;
    private final ApiToken token;
    private volatile KafkaStreams streams;
    private volatile StoreQueries queries;
    private volatile ReconciliationReads reconciliation;
    private volatile ExceptionReads exceptions;
    private volatile ExceptionCommands commands;
    private Duration commandTimeout = ExceptionCommands.DEFAULT_APPLY_TIMEOUT;
    private KafkaStreamsMetrics streamsMetrics;
    private volatile IntSupplier restoringPartitions = () -> 0;
    private volatile Supplier<String> failure = () -> null;

    private LedgerlineApi(String host, int port, ApiToken token, SSLContext tls) {
        this.token = Objects.requireNonNull(token, "token");
        this.peers = new PeerClient(tls);
        server = new JsonHttpServer("ledgerline-api").tls(tls)
                .route("GET", "/health/live", call -> live())
                .route("GET", "/health/ready", call -> ready())
                .route("GET", "/metrics", call -> HttpReply.text(200, PROMETHEUS_TYPE, metrics.scrape()))
                .route("GET", "/accounts/{accountId}", call -> queries == null ? notStarted() : queries.account(call))
                .route("GET", "/transactions/{correlationId}", call -> queries == null ? notStarted() : queries.transaction(call))
                .route("GET", "/reconciliation", call -> reconciliation == null ? notStarted() : reconciliation.all(call))
                .route("GET", "/reconciliation/{accountId}", call -> reconciliation == null ? notStarted() : reconciliation.account(call))
                .route("GET", "/close/{legalEntity}/{period}", call -> reconciliation == null ? notStarted() : reconciliation.close(call))
                .route("GET", "/exceptions", call -> exceptions == null ? notStarted() : exceptions.list(call))
                .route("GET", "/exceptions/{exceptionId}", call -> exceptions == null ? notStarted() : exceptions.show(call))
                .route("POST", "/exceptions/{exceptionId}/replay", call -> command(call, OperatorAction.REPLAY))
                .route("POST", "/exceptions/{exceptionId}/dismiss", call -> command(call, OperatorAction.DISMISS))
                .start(host, port);
    }

    /** Listens on {@code host:port} (0 for a free port); without a token, exceptions cannot be changed (403). */
    public static LedgerlineApi start(String host, int port) {
        return start(host, port, ApiToken.none());
    }

    /** Listens on {@code host:port} (0 for a free port); {@code token} guards the routes that change exceptions. */
    public static LedgerlineApi start(String host, int port, ApiToken token) {
        return start(host, port, token, null);
    }

    /**
     * Listens on {@code host:port} (0 for a free port), HTTPS when {@code tls} is given: its key material is this
     * instance's certificate, its trust decides which peers' certificates a forwarded query accepts (every instance
     * then speaks HTTPS). Null for plain HTTP.
     */
    public static LedgerlineApi start(String host, int port, ApiToken token, SSLContext tls) {
        return new LedgerlineApi(host, port, token, tls);
    }

    public int port() {
        return server.port();
    }

    public String url() {
        return server.url();
    }

    /** The registry {@code /metrics} serves, for components that publish their own gauges (the lag monitor). */
    public MeterRegistry metrics() {
        return metrics;
    }

    /**
     * Serves {@code client}'s state and metrics from now on, and writes operators' commands to the cluster.
     *
     * @param self        this instance's {@code application.server}, to tell local keys from remote ones
     * @param kafkaConfig at least {@code bootstrap.servers}, plus security settings; the API's command producer uses
     *                    the producer settings among them (the API owns it and closes it)
     * @param serdeConfig the topology's serde settings (schema registry), so commands are written as the core reads them
     */
    public synchronized void attach(KafkaStreams client, HostInfo self, Map<String, ?> kafkaConfig,
                                    Map<String, ?> serdeConfig) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(self, "self");
        streamsMetrics = new KafkaStreamsMetrics(client);
        streamsMetrics.bindTo(metrics);
        queries = new StoreQueries(client, self, peers);
        reconciliation = new ReconciliationReads(client, self, peers, java.time.Clock.systemUTC());
        ExceptionReads queue = new ExceptionReads(client, self, peers);
        // no producer (and no connection) unless this instance may accept commands at all
        if (token.isConfigured()) {
            commands = new ExceptionCommands(queue, ExceptionCommands.producer(kafkaConfig, serdeConfig), commandTimeout);
        }
        exceptions = queue;
        streams = client;
    }

    /** How long a replay or dismiss waits to see its command applied before answering 202; set before attach. */
    synchronized LedgerlineApi commandTimeout(Duration timeout) {
        this.commandTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    private HttpReply command(HttpCall call, OperatorAction action) throws InterruptedException {
        HttpReply refusal = token.refusal(call);
        if (refusal != null) {
            return refusal;
        }
        ExceptionCommands attached = commands;
        return attached == null ? notStarted() : attached.handle(call, action);
    }

    /**
     * Tells the health endpoints how many changelog partitions the instance is restoring (ready only at none) and
     * why it cannot carry on (live only while null: a dead stream thread).
     */
    public void health(IntSupplier restoringPartitions, Supplier<String> failure) {
        this.restoringPartitions = Objects.requireNonNull(restoringPartitions);
        this.failure = Objects.requireNonNull(failure);
    }

    private HttpReply live() {
        String reason = failure.get();
        return reason == null ? HttpReply.json(200, Map.of("status", "UP"))
                : HttpReply.json(503, Map.of("status", 503, "error", reason));
    }

    private HttpReply ready() {
        KafkaStreams client = streams;
        if (client == null) {
            return notStarted();
        }
        KafkaStreams.State state = client.state();
        int restoring = restoringPartitions.getAsInt();
        if (state == KafkaStreams.State.RUNNING && restoring > 0) {
            return HttpReply.json(503, Map.of("error", "restoring the state of " + restoring + " changelog partitions",
                    "status", 503, "state", state.name())).withHeader("Retry-After", "1");
        }
        if (state == KafkaStreams.State.RUNNING) {
            return HttpReply.json(200, Map.of("status", "UP", "state", state.name()));
        }
        return HttpReply.json(503, Map.of("error", "Kafka Streams is " + state, "status", 503, "state", state.name()));
    }

    private static HttpReply notStarted() {
        return HttpReply.error(503, "Kafka Streams is not started yet").withHeader("Retry-After", "1");
    }

    @Override
    public synchronized void close() {
        server.close();
        if (commands != null) {
            commands.close();
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        metrics.close();
    }
}
