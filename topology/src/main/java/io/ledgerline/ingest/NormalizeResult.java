package io.ledgerline.ingest;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of decoding one raw record. Normalizers never throw on bad input; they return one of:
 * <ul>
 *   <li>{@link Accepted}: the canonical values (usually one) to forward;</li>
 *   <li>{@link Ignored}: valid input Ledgerline does not need (count and log it, don't dead-letter it);</li>
 *   <li>{@link Rejected}: undecodable or invalid input: send the original bytes to the dead-letter topic
 *       with {@link Rejected#error()}.</li>
 * </ul>
 *
 * @param <T> the canonical type produced
 */
public sealed interface NormalizeResult<T> permits NormalizeResult.Accepted, NormalizeResult.Ignored, NormalizeResult.Rejected {

    /** Decoded values, in order; never empty. */
    record Accepted<T>(List<T> values) implements NormalizeResult<T> {
        public Accepted {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("Accepted needs at least one value; use Ignored for nothing to forward");
            }
        }

        /** The first (usually only) value. */
        public T value() {
            return values.get(0);
        }
    }

    /** Valid input that Ledgerline does not use; {@code reason} says why. */
    record Ignored<T>(String reason) implements NormalizeResult<T> {
        public Ignored {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Undecodable or invalid input; {@code error} says exactly what is wrong and where; {@code cause} may be null. */
    record Rejected<T>(String error, Throwable cause) implements NormalizeResult<T> {
        public Rejected {
            Objects.requireNonNull(error, "error");
        }
    }

    static <T> NormalizeResult<T> accepted(T value) {
        return new Accepted<>(List.of(value));
    }

    static <T> NormalizeResult<T> accepted(List<T> values) {
        return new Accepted<>(values);
    }

    static <T> NormalizeResult<T> ignored(String reason) {
        return new Ignored<>(reason);
    }

    static <T> NormalizeResult<T> rejected(String error) {
        return new Rejected<>(error, null);
    }

    static <T> NormalizeResult<T> rejected(String error, Throwable cause) {
        return new Rejected<>(error, cause);
    }

    /** The accepted values, or an empty list for Ignored and Rejected. */
    default List<T> values() {
        return this instanceof Accepted<T> accepted ? accepted.values() : List.of();
    }

    default boolean isAccepted() {
        return this instanceof Accepted;
    }
}
