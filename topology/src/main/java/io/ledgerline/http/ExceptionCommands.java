package io.ledgerline.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.names.Topics;
import io.ledgerline.ops.ExceptionStatus;
import io.ledgerline.ops.OperatorAction;
import io.ledgerline.ops.OperatorCommand;
import io.ledgerline.serdes.SerdeCatalog;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /exceptions/{id}/replay} and {@code /dismiss}: checks the exception is OPEN, writes an
 * {@link OperatorCommand} to {@link Topics#CONTROL_COMMANDS} keyed like the exception (so the task owning it applies
 * it) and waits a bounded time until the exception's history shows the command. The core applies commands; the API
 * only asks, so a command is never applied twice nor by the wrong instance.
 */
final class ExceptionCommands implements AutoCloseable {

    static final Duration DEFAULT_APPLY_TIMEOUT = Duration.ofSeconds(15);
    static final String DEFAULT_ACTOR = "operator";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private static final long FIRST_POLL_MS = 25;
    private static final long MAX_POLL_MS = 500;
    private static final Logger log = LoggerFactory.getLogger(ExceptionCommands.class);

    private record Request(String note, String actor) {
    }

    private final ExceptionReads queue;
    private final Producer<String, OperatorCommand> producer;
    private final Duration applyTimeout;

    ExceptionCommands(ExceptionReads queue, Producer<String, OperatorCommand> producer, Duration applyTimeout) {
        this.queue = queue;
        this.producer = producer;
        this.applyTimeout = applyTimeout;
    }

    /**
     * An idempotent producer of commands.
     *
     * @param kafkaConfig bootstrap servers and security settings; settings a producer does not know are left out
     * @param serdeConfig the topology's serde settings, so commands are written as the core reads them
     */
    static Producer<String, OperatorCommand> producer(Map<String, ?> kafkaConfig, Map<String, ?> serdeConfig) {
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "ledgerline-api-commands");
        // an unreachable cluster must fail the request while the operator waits, not a minute later
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, SEND_TIMEOUT.toMillis());
        return new KafkaProducer<>(config, new StringSerializer(),
                new SerdeCatalog(new HashMap<>(serdeConfig)).avro(OperatorCommand.class).serializer());
    }

    HttpReply handle(HttpCall call, OperatorAction action) throws InterruptedException {
        String exceptionId = call.param("exceptionId");
        Request request;
        try {
            request = request(call.body(), action);
        } catch (IllegalArgumentException e) {
            return HttpReply.error(400, e.getMessage());
        }
        try {
            Optional<ExceptionReads.Found> found = queue.find(exceptionId, true);
            if (found.isEmpty()) {
                return HttpReply.error(404, "Unknown exception " + exceptionId);
            }
            if (!ExceptionStatus.OPEN.name().equals(found.get().status())) {
                return HttpReply.error(409, "Exception " + exceptionId + " is " + found.get().status()
                        + "; only OPEN exceptions can be replayed or dismissed");
            }
            OperatorCommand command = new OperatorCommand(UUID.randomUUID().toString(), exceptionId, action,
                    request.actor(), request.note(), Instant.now(), found.get().waitingFor());
            String failure = send(found.get().commandKey(), command);
            if (failure != null) {
                return HttpReply.error(503, failure);
            }
            log.info("{} of exception {} requested by {} as command {}", action, exceptionId, request.actor(),
                    command.getCommandId());
            return awaitApplied(command);
        } catch (InvalidStateStoreException e) {
            return StoreQueries.notReady("the exception stores are not ready: " + e.getMessage());
        }
    }

    /** The command written, or why not. */
    private String send(String key, OperatorCommand command) throws InterruptedException {
        try {
            producer.send(new ProducerRecord<>(Topics.CONTROL_COMMANDS, key, command))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return "Cannot write the command to " + Topics.CONTROL_COMMANDS + ": " + e.getCause().getMessage();
        } catch (TimeoutException e) {
            // not known to be lost: it may still arrive and be applied, so say so rather than invite a blind retry
            return "Writing the command " + command.getCommandId() + " to " + Topics.CONTROL_COMMANDS
                    + " was not confirmed within " + SEND_TIMEOUT.toSeconds() + " s; check GET /exceptions/"
                    + command.getExceptionId() + " before retrying";
        } catch (KafkaException e) {
            return "Cannot write the command to " + Topics.CONTROL_COMMANDS + ": " + e.getMessage();
        }
    }

    /** 200 with the exception once its history shows the command, 202 pointing at it when that takes too long. */
    private HttpReply awaitApplied(OperatorCommand command) throws InterruptedException {
        String exceptionId = command.getExceptionId();
        long deadline = System.nanoTime() + applyTimeout.toNanos();
        long pause = FIRST_POLL_MS;
        while (true) {
            try {
                Optional<ExceptionReads.Found> current = queue.find(exceptionId, true);
                if (current.isPresent() && current.get().hasCommand(command.getCommandId())) {
                    return HttpReply.json(200, current.get().exception());
                }
            } catch (InvalidStateStoreException e) {
                // a rebalance moves the store: the command is written, keep looking until the deadline
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Thread.sleep(Math.min(pause, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            pause = Math.min(pause * 2, MAX_POLL_MS);
        }
        String location = "/exceptions/" + URLEncoder.encode(exceptionId, StandardCharsets.UTF_8).replace("+", "%20");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("commandId", command.getCommandId());
        body.put("exceptionId", exceptionId);
        body.put("action", command.getAction().name());
        body.put("message", "Command accepted but not applied within " + applyTimeout.toSeconds()
                + " s; GET " + location + " shows it in the history once applied");
        return HttpReply.json(202, body).withHeader("Location", location);
    }

    /** {@code {"note": "...", "actor": "..."}}; an empty body is no note and the default actor. */
    private static Request request(String body, OperatorAction action) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? HttpReply.JSON.createObjectNode() : HttpReply.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The body is not JSON: " + e.getOriginalMessage());
        }
        if (!json.isObject()) {
            throw new IllegalArgumentException("The body must be a JSON object like {\"note\": \"...\", \"actor\": \"...\"}");
        }
        String note = text(json, "note");
        String actor = text(json, "actor");
        if (action == OperatorAction.DISMISS && note == null) {
            throw new IllegalArgumentException("A note is required to dismiss an exception: say why it needs no booking");
        }
        return new Request(note, actor != null ? actor : DEFAULT_ACTOR);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.asText().isBlank() ? null : value.asText().trim();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
