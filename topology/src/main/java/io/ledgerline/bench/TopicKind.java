package io.ledgerline.bench;

import io.ledgerline.names.Topics;

/** What a topic the benchmark saw written is for, by its name. */
public enum TopicKind {
    /** A state store's changelog ({@code <application>-<store>-changelog}). */
    CHANGELOG,
    /** An internal repartition topic ({@code <application>-<name>-repartition}). */
    REPARTITION,
    /** The canonical hop ({@code q2c.canonical.*}, the clock and command topics): decoded events on their way to the core. */
    CANONICAL,
    /** What users read: journals, contracts, schedules, exceptions, alerts, dead letters (and the pass-through's copy). */
    OUTPUT;

    public static TopicKind of(String topic) {
        if (topic.endsWith("-changelog")) {
            return CHANGELOG;
        }
        if (topic.endsWith("-repartition")) {
            return REPARTITION;
        }
        if (Topics.canonical().contains(topic)) {
            return CANONICAL;
        }
        return OUTPUT;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
