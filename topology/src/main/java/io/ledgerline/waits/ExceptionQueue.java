package io.ledgerline.waits;

import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.ops.ExceptionStatus;
import io.ledgerline.ops.ExceptionStatusChange;
import io.ledgerline.ops.OperatorAction;
import io.ledgerline.ops.OperatorCommand;
import io.ledgerline.ops.PipelineException;
import io.ledgerline.state.ParkedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one wait model of the pipeline, used by the account ledger and by every identity level: events that cannot
 * be processed yet are parked under the {@link WaitKey} they wait for; an exception record is raised at once for a
 * data problem, or when a wait for another event outlasts the grace period; releasing a key hands its events back in
 * business-time order; an event processed after a raised wait marks its exception RELEASED (or REPLAYED when an
 * operator asked). Every status change is a new {@link PipelineException} record with its history.
 */
public final class ExceptionQueue {

    /** Events are retried in the order they happened, ties broken by event id, so arrival order never matters. */
    public static final Comparator<ParkedEvent> BUSINESS_TIME_ORDER =
            Comparator.comparing((ParkedEvent p) -> p.getEvent().getEventTime()).thenComparing(p -> p.getEvent().getEventId());

    public static final String AUTOMATIC = "ledgerline";

    private static final char SEPARATOR = '\u001f';
    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    private final KeyValueStore<String, ParkedEvent> parked;
    private final KeyValueStore<String, PipelineException> exceptions;
    private final WaitGrace grace;
    private final Function<CanonicalEvent, PipelineException.Builder> contextOf;

    /**
     * @param contextOf the business context of an event's exception (account, legal entity, amounts, source),
     *                  as a builder the queue completes with id, status and times
     */
    public ExceptionQueue(KeyValueStore<String, ParkedEvent> parked, KeyValueStore<String, PipelineException> exceptions,
                          WaitGrace grace, Function<CanonicalEvent, PipelineException.Builder> contextOf) {
        this.parked = parked;
        this.exceptions = exceptions;
        this.grace = Objects.requireNonNull(grace, "grace");
        this.contextOf = contextOf;
    }

    public static String exceptionId(Reason reason, CanonicalEvent event) {
        return reason.name() + ":" + event.getEventId();
    }

    /**
     * Parks {@code event} until {@code key} arrives. {@code previous} is the wait it was released from, if any: a
     * wait for the same reason keeps its start and its exception; a new reason closes the old exception.
     *
     * @return the exception records to publish
     */
    public List<PipelineException> park(CanonicalEvent event, Reason reason, String message, WaitKey key,
                                        ParkedEvent previous, Instant now) {
        List<PipelineException> out = new ArrayList<>();
        boolean sameWait = previous != null && previous.getReason().equals(reason.name());
        if (previous != null && !sameWait) {
            processed(previous, now, AUTOMATIC, "now waits for another reason: " + reason, null).ifPresent(out::add);
        }
        Instant since = sameWait ? previous.getParkedAt() : now;
        boolean raised = sameWait && previous.getRaised();
        ParkedEvent wait = new ParkedEvent(event, reason.name(), key.toString(), since, message, raised,
                sameWait && previous.getSeenByTick());
        // a wait for another event is judged against the grace only by expire(), on the pipeline clock's ticks, so
        // whether it is raised never depends on how far behind the event it was parked. In a running pipeline so is
        // a wait for master data: the record may be in flight beside the event (a new customer's crosswalk and its
        // first invoice), and behind the clock's barrier a tick after the next has seen everything that was.
        if (!raised && reason.raisesAtOnce() && !grace.fromParking()) {
            wait.setRaised(true);
            out.add(open(wait, now));
        }
        parked.put(storeKey(key.toString(), event), wait);
        return out;
    }

    /**
     * Raises an exception about a state rather than a parked event (a reconciliation identity that does not hold):
     * OPEN with {@code context}'s business context unless it is OPEN or DISMISSED already.
     *
     * @return the record to publish, if any
     */
    public Optional<PipelineException> raiseCondition(String exceptionId, Reason reason, String message,
                                                      PipelineException.Builder context, Instant now) {
        PipelineException current = exceptions.get(exceptionId);
        if (current != null && (current.getStatus() == ExceptionStatus.OPEN || current.getStatus() == ExceptionStatus.DISMISSED)) {
            return Optional.empty();
        }
        WaitKey key = WaitKey.of(WaitKind.OPERATOR, exceptionId);
        List<ExceptionStatusChange> history = current == null ? new ArrayList<>() : new ArrayList<>(current.getHistory());
        history.add(new ExceptionStatusChange(ExceptionStatus.OPEN, now, AUTOMATIC, null, null));
        PipelineException exception = context
                .setExceptionId(exceptionId)
                .setStatus(ExceptionStatus.OPEN)
                .setReason(reason.name())
                .setMessage(message)
                .setWaitingFor(key.toString())
                .setWaitingForKind(key.kind().name())
                .setFirstSeen(current == null ? now : current.getFirstSeen())
                .setLastSeen(now)
                .setActor(AUTOMATIC)
                .setNote(null)
                .setHistory(history)
                .build();
        exceptions.put(exceptionId, exception);
        return Optional.of(exception);
    }

    /** The state a {@link #raiseCondition} exception was about is right again: RELEASED if it was OPEN. */
    public Optional<PipelineException> endCondition(String exceptionId, Instant now, String note) {
        PipelineException current = exceptions.get(exceptionId);
        if (current == null || current.getStatus() != ExceptionStatus.OPEN) {
            return Optional.empty();
        }
        return Optional.of(change(current, ExceptionStatus.RELEASED, now, AUTOMATIC, note, null));
    }

    /** Removes and returns the events waiting for exactly this key, in business-time order. */
    public List<ParkedEvent> release(WaitKey key) {
        return releaseExact(key.toString());
    }

    /**
     * Removes and returns the events a newly arrived master-data record may unblock: those waiting for its key or for
     * any prefix of it at a ':' boundary ({@code fx_rate:EUR:USD:2026-02-01} releases {@code fx_rate:EUR:USD}).
     */
    public List<ParkedEvent> releaseForMasterData(String masterDataKey) {
        List<ParkedEvent> released = new ArrayList<>(releaseExact(masterDataKey));
        for (int i = masterDataKey.lastIndexOf(':'); i > 0; i = masterDataKey.lastIndexOf(':', i - 1)) {
            released.addAll(releaseExact(masterDataKey.substring(0, i)));
        }
        released.sort(BUSINESS_TIME_ORDER);
        return released;
    }

    /**
     * The released event was processed: its raised exception becomes RELEASED, or REPLAYED when an operator's
     * command made the retry.
     */
    public Optional<PipelineException> processed(ParkedEvent previous, Instant now, String actor, String note, String commandId) {
        if (previous == null || !previous.getRaised()) {
            return Optional.empty();
        }
        PipelineException current = exceptions.get(exceptionId(Reason.valueOf(previous.getReason()), previous.getEvent()));
        if (current == null || current.getStatus() != ExceptionStatus.OPEN) {
            return Optional.empty();
        }
        ExceptionStatus status = commandId == null ? ExceptionStatus.RELEASED : ExceptionStatus.REPLAYED;
        return Optional.of(change(current, status, now, actor, note, commandId));
    }

    /**
     * A clock tick: raises an exception for every wait that has outlasted the grace period by {@code now}, and for
     * every master-data wait that an earlier tick has already seen.
     */
    public List<PipelineException> expire(Instant now) {
        List<KeyValue<String, ParkedEvent>> overdue = new ArrayList<>();
        List<KeyValue<String, ParkedEvent>> seen = new ArrayList<>();
        try (KeyValueIterator<String, ParkedEvent> it = parked.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.getRaised()) {
                    return;
                }
                if (Reason.valueOf(kv.value.getReason()).raisesAtOnce() ? kv.value.getSeenByTick() : overdue(kv.value, now)) {
                    overdue.add(kv);
                } else if (!kv.value.getSeenByTick()) {
                    seen.add(kv);
                }
            });
        }
        for (KeyValue<String, ParkedEvent> kv : seen) {
            kv.value.setSeenByTick(true);
            parked.put(kv.key, kv.value);
        }
        List<PipelineException> out = new ArrayList<>();
        for (KeyValue<String, ParkedEvent> kv : overdue) {
            kv.value.setRaised(true);
            parked.put(kv.key, kv.value);
            out.add(open(kv.value, now));
        }
        return out;
    }

    /** True when this event already waits for this key (a redelivery of a parked event). */
    public boolean isParked(WaitKey key, CanonicalEvent event) {
        return parked.get(storeKey(key.toString(), event)) != null;
    }

    /** The outcome of an operator's command. */
    public sealed interface CommandOutcome {
        /**
         * The exception's new record (DISMISSED), or the record saying why the command was not applied.
         *
         * @param parked the event a dismiss removed from the queue, or null
         */
        record Done(PipelineException exception, ParkedEvent parked) implements CommandOutcome {
        }

        /** Replay: the parked event, removed from the queue, to be retried now with the command's id. */
        record Retry(ParkedEvent parked, OperatorCommand command) implements CommandOutcome {
        }

        record Ignored(String why) implements CommandOutcome {
        }
    }

    /** Applies an operator's replay or dismiss to an OPEN exception of this queue. */
    public CommandOutcome apply(OperatorCommand command, Instant now) {
        PipelineException current = exceptions.get(command.getExceptionId());
        if (current == null) {
            return new CommandOutcome.Ignored("unknown exception " + command.getExceptionId());
        }
        if (current.getHistory().stream().anyMatch(c -> command.getCommandId().equals(c.getCommandId()))) {
            return new CommandOutcome.Ignored("command " + command.getCommandId() + " was applied already");
        }
        if (current.getStatus() != ExceptionStatus.OPEN) {
            return new CommandOutcome.Done(change(current, current.getStatus(), now, command.getActor(),
                    "not applied: the exception is " + current.getStatus(), command.getCommandId()), null);
        }
        Optional<KeyValue<String, ParkedEvent>> found = parkedCopy(current.getWaitingFor(), current.getSource().getEventId());
        String storeKey = found.map(kv -> kv.key).orElse(null);
        ParkedEvent wait = found.map(kv -> kv.value).orElse(null);
        if (command.getAction() == OperatorAction.DISMISS) {
            if (wait != null) {
                parked.delete(storeKey);
            }
            return new CommandOutcome.Done(change(current, ExceptionStatus.DISMISSED, now, command.getActor(),
                    command.getNote(), command.getCommandId()), wait);
        }
        if (wait == null) {
            // an OPEN exception whose event is no longer parked has nothing to retry: replay acknowledges it
            return new CommandOutcome.Done(change(current, ExceptionStatus.REPLAYED, now, command.getActor(),
                    command.getNote(), command.getCommandId()), null);
        }
        parked.delete(storeKey);
        return new CommandOutcome.Retry(wait, command);
    }

    /** Records on an OPEN exception that an operator's replay did not get the event booked. */
    public PipelineException stillOpen(ParkedEvent wait, OperatorCommand command, Instant now, String why) {
        PipelineException current = exceptions.get(exceptionId(Reason.valueOf(wait.getReason()), wait.getEvent()));
        return change(current, ExceptionStatus.OPEN, now, command.getActor(), "replayed, still waiting: " + why, command.getCommandId());
    }

    /** Every parked event, for metrics. */
    public void forEachParked(Consumer<ParkedEvent> consumer) {
        try (KeyValueIterator<String, ParkedEvent> it = parked.all()) {
            it.forEachRemaining(kv -> consumer.accept(kv.value));
        }
    }

    private boolean overdue(ParkedEvent wait, Instant now) {
        return grace.overdue(wait, now);
    }

    private PipelineException open(ParkedEvent wait, Instant now) {
        Reason reason = Reason.valueOf(wait.getReason());
        WaitKey key = WaitKey.parse(wait.getWaitingFor());
        String message = reason.raisesAtOnce() ? wait.getMessage()
                : wait.getMessage() + " (waiting since " + grace.start(wait) + ", longer than " + grace.length() + ")";
        PipelineException exception = contextOf.apply(wait.getEvent())
                .setExceptionId(exceptionId(reason, wait.getEvent()))
                .setStatus(ExceptionStatus.OPEN)
                .setReason(reason.name())
                .setMessage(message)
                .setWaitingFor(key.toString())
                .setWaitingForKind(key.kind().name())
                .setEventTime(wait.getEvent().getEventTime())
                .setFirstSeen(now)
                .setLastSeen(now)
                .setActor(AUTOMATIC)
                .setNote(null)
                .setHistory(new ArrayList<>(List.of(new ExceptionStatusChange(ExceptionStatus.OPEN, now, AUTOMATIC, null, null))))
                .build();
        exceptions.put(exception.getExceptionId(), exception);
        return exception;
    }

    private PipelineException change(PipelineException current, ExceptionStatus status, Instant now, String actor,
                                     String note, String commandId) {
        List<ExceptionStatusChange> history = new ArrayList<>(current.getHistory());
        history.add(new ExceptionStatusChange(status, now, actor, note, commandId));
        PipelineException next = PipelineException.newBuilder(current)
                .setStatus(status).setLastSeen(now).setActor(actor).setNote(note).setHistory(history).build();
        exceptions.put(next.getExceptionId(), next);
        return next;
    }

    private List<ParkedEvent> releaseExact(String waitingFor) {
        List<KeyValue<String, ParkedEvent>> found = new ArrayList<>();
        try (KeyValueIterator<String, ParkedEvent> it = parked.prefixScan(waitingFor + SEPARATOR, PREFIX_SERIALIZER)) {
            it.forEachRemaining(found::add);
        }
        found.forEach(kv -> parked.delete(kv.key));
        return found.stream().map(kv -> kv.value).sorted(BUSINESS_TIME_ORDER).toList();
    }

    /**
     * Parked events are filed under what they wait for, their id and their content's fingerprint, so two copies of one
     * id with different content both wait (the account ledger tells them apart) while a redelivery overwrites itself.
     */
    private static String storeKey(String waitingFor, CanonicalEvent event) {
        return waitingFor + SEPARATOR + event.getEventId() + SEPARATOR + EventFingerprint.of(event);
    }

    private Optional<KeyValue<String, ParkedEvent>> parkedCopy(String waitingFor, String eventId) {
        try (KeyValueIterator<String, ParkedEvent> it = parked.prefixScan(waitingFor + SEPARATOR + eventId + SEPARATOR, PREFIX_SERIALIZER)) {
            return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
        }
    }
}
