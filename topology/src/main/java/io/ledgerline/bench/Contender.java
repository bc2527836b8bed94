package io.ledgerline.bench;

import io.ledgerline.names.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** What the benchmark runs over the same raw records: Kafka Streams' own pass-through, twice, and the pipeline. */
public enum Contender {
    PASS_THROUGH_EXACTLY_ONCE("pass-through, exactly-once", StreamsConfig.EXACTLY_ONCE_V2),
    PASS_THROUGH_AT_LEAST_ONCE("pass-through, at-least-once", StreamsConfig.AT_LEAST_ONCE),
    PIPELINE("Ledgerline pipeline, exactly-once", StreamsConfig.EXACTLY_ONCE_V2);

    /** Where a pass-through copies the raw records to. */
    public static final String PASS_THROUGH_OUTPUT = "bench.pass-through";

    private final String description;
    private final String processingGuarantee;

    Contender(String description, String processingGuarantee) {
        this.description = description;
        this.processingGuarantee = processingGuarantee;
    }

    public String description() {
        return description;
    }

    public String processingGuarantee() {
        return processingGuarantee;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * Every raw record copied unchanged (bytes in, bytes out), the least a Streams application reading the raw topics
     * can do: the baseline the pipeline is measured against.
     */
    static Topology passThrough() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.rawInputs(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw-records"))
                .to(PASS_THROUGH_OUTPUT, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("copies"));
        return builder.build();
    }
}
