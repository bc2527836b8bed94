package io.ledgerline.glinterface;

import io.ledgerline.journal.JournalEntry;
import io.ledgerline.names.Topics;
import io.ledgerline.serdes.SerdeCatalog;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The GL-interface feed ({@code ledgerline gl-feed}): a stateless Kafka Streams application that reads every
 * {@code erp.journal.*} topic (Avro, Confluent wire format) and writes each entry as one header record to
 * {@link Topics#GL_INTERFACE_HEADERS} and one record per line to {@link Topics#GL_INTERFACE_LINES}, as Connect JSON
 * with schema (see {@link GlInterfaceRows}).
 *
 * <p>Why a step of its own: a JDBC sink connector writes one row per record and cannot turn the nested {@code lines}
 * array into rows, and a single message transform cannot either (it maps one record to at most one). Kafka Connect
 * also has no Confluent Avro converter here; JSON with schema is read by Connect's own {@code JsonConverter}, so the
 * sink needs no registry. Run it with {@code processing.guarantee=exactly_once_v2}: a restart then neither loses nor
 * duplicates rows, and the sink's upsert absorbs a journal entry delivered twice.
 */
public final class GlInterfaceFeed {

    public static final String DEFAULT_APPLICATION_ID = "ledgerline-gl-feed";

    private final Serde<JournalEntry> journalSerde;

    public GlInterfaceFeed(Serde<JournalEntry> journalSerde) {
        this.journalSerde = journalSerde;
    }

    /** The feed with the project's Avro serde, configured like the topology's ({@code schema.registry.url} etc.). */
    public static GlInterfaceFeed withSerdeConfig(Map<String, Object> serdeConfig) {
        return new GlInterfaceFeed(new SerdeCatalog(serdeConfig).avro(JournalEntry.class));
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, JournalEntry> journal = builder.stream(Pattern.compile(Topics.JOURNAL_PATTERN),
                Consumed.with(Serdes.String(), journalSerde).withName("gl-feed-journal-source"));
        journal.map((key, entry) -> toKeyValue(GlInterfaceRows.header(entry)), Named.as("gl-feed-header-row"))
                .to(Topics.GL_INTERFACE_HEADERS, Produced.with(Serdes.String(), Serdes.String())
                        .withName("gl-feed-headers-sink"));
        journal.flatMap((key, entry) -> lineKeyValues(entry), Named.as("gl-feed-line-rows"))
                .to(Topics.GL_INTERFACE_LINES, Produced.with(Serdes.String(), Serdes.String())
                        .withName("gl-feed-lines-sink"));
        return builder.build();
    }

    private static List<KeyValue<String, String>> lineKeyValues(JournalEntry entry) {
        return GlInterfaceRows.lines(entry).stream().map(GlInterfaceFeed::toKeyValue).toList();
    }

    private static KeyValue<String, String> toKeyValue(GlInterfaceRows.Row row) {
        return KeyValue.pair(row.key(), row.json());
    }
}
