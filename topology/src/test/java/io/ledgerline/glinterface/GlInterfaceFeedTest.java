package io.ledgerline.glinterface;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.common.SourceRef;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import io.ledgerline.names.Topics;
import io.ledgerline.serde.AvroSerdeConfig;
import io.ledgerline.serde.InMemorySchemaRegistry;
import io.ledgerline.serdes.SerdeCatalog;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The GL-interface rows as the JDBC sink's JsonConverter reads them: typed, keyed, numbered, with control totals. */
class GlInterfaceFeedTest {

    private final String scope = "gl-feed-test-" + UUID.randomUUID();
    private final Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.drop(scope);
    }

    static JournalEntry entry() {
        return JournalEntry.newBuilder()
                .setEntryId("je-1").setEntryType(EntryType.PAYMENT).setLegalEntity("LE-US").setErp("netsuite")
                .setPostingDate("2026-02-10").setPostingPeriod("2026-02").setOriginalPeriod(null)
                .setCurrency("EUR").setFunctionalCurrency("USD").setExchangeRate("1.10").setCorrelationId("sub_1")
                .setReversesEntryId(null)
                .setSource(SourceRef.newBuilder().setSystem("stripe").setObjectType("invoice_payment")
                        .setObjectId("inpay_1").setEventId("evt_1").build())
                .setLines(List.of(
                        JournalLine.newBuilder().setRole("CASH").setAccountCode("1000").setSide(Side.DEBIT)
                                .setAmountMinor(100_000L).setFunctionalAmountMinor(110_000L).setCustomerId("C-1").build(),
                        JournalLine.newBuilder().setRole("AR").setAccountCode("1200").setSide(Side.CREDIT)
                                .setAmountMinor(100_000L).setFunctionalAmountMinor(108_000L).build(),
                        JournalLine.newBuilder().setRole("FX_GAIN_LOSS").setAccountCode("7900").setSide(Side.CREDIT)
                                .setAmountMinor(0L).setFunctionalAmountMinor(2_000L).setMemo("fx").build()))
                .build();
    }

    @Test
    void everyJournalTopicBecomesOneHeaderAndOneRowPerLine() {
        Serde<JournalEntry> serde = new SerdeCatalog(serdeConfig).avro(JournalEntry.class);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "gl-feed-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        try (TopologyTestDriver driver = new TopologyTestDriver(new GlInterfaceFeed(serde).build(), props)) {
            TestInputTopic<String, JournalEntry> sap = driver.createInputTopic("erp.journal.sap",
                    new StringSerializer(), serde.serializer());
            TestInputTopic<String, JournalEntry> netsuite = driver.createInputTopic(Topics.journal("netsuite"),
                    new StringSerializer(), serde.serializer());
            netsuite.pipeInput("LE-US", entry());
            sap.pipeInput("LE-DE", JournalEntry.newBuilder(entry()).setEntryId("je-2").setErp("sap").build());

            List<KeyValue<String, String>> headers = driver.createOutputTopic(Topics.GL_INTERFACE_HEADERS,
                    new StringDeserializer(), new StringDeserializer()).readKeyValuesToList();
            List<KeyValue<String, String>> lines = driver.createOutputTopic(Topics.GL_INTERFACE_LINES,
                    new StringDeserializer(), new StringDeserializer()).readKeyValuesToList();

            assertThat(headers).extracting(kv -> kv.key).containsExactly("je-1", "je-2");
            assertThat(lines).extracting(kv -> kv.key).containsExactly("je-1/1", "je-1/2", "je-1/3", "je-2/1", "je-2/2", "je-2/3");

            Struct header = (Struct) converter.toConnectData(Topics.GL_INTERFACE_HEADERS,
                    headers.get(0).value.getBytes(StandardCharsets.UTF_8)).value();
            assertThat(header.getString("entry_id")).isEqualTo("je-1");
            assertThat(header.getString("entry_type")).isEqualTo("PAYMENT");
            assertThat(header.get("posting_date")).isEqualTo(
                    Date.from(LocalDate.parse("2026-02-10").atStartOfDay(ZoneOffset.UTC).toInstant()));
            assertThat((BigDecimal) header.get("exchange_rate")).isEqualByComparingTo("1.10")
                    .satisfies(rate -> assertThat(rate.scale()).isEqualTo(GlInterfaceRows.RATE_SCALE));
            assertThat(header.get("original_period")).isNull();
            assertThat(header.getString("source_object_id")).isEqualTo("inpay_1");
            assertThat(header.getInt32("line_count")).isEqualTo(3);
            assertThat(header.getInt64("total_debit_minor")).isEqualTo(100_000L);
            assertThat(header.getInt64("total_credit_minor")).isEqualTo(100_000L);
            assertThat(header.getInt64("functional_total_debit_minor")).isEqualTo(110_000L);
            assertThat(header.getInt64("functional_total_credit_minor")).isEqualTo(110_000L);

            Struct fx = (Struct) converter.toConnectData(Topics.GL_INTERFACE_LINES,
                    lines.get(2).value.getBytes(StandardCharsets.UTF_8)).value();
            assertThat(fx.getString("entry_id")).isEqualTo("je-1");
            assertThat(fx.getInt32("line_no")).isEqualTo(3);
            assertThat(fx.getString("side")).isEqualTo("CREDIT");
            assertThat(fx.getInt64("amount_minor")).isZero();
            assertThat(fx.getInt64("functional_amount_minor")).isEqualTo(2_000L);
            assertThat(fx.getString("memo")).isEqualTo("fx");
            assertThat(fx.get("customer_id")).isNull();
        }
    }

    @Test
    void aRateWithMoreDecimalsThanTheScaleKeepsThemAll() {
        JournalEntry precise = JournalEntry.newBuilder(entry()).setExchangeRate("1.123456789012").build();
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        Struct header = (Struct) converter.toConnectData("t",
                GlInterfaceRows.header(precise).json().getBytes(StandardCharsets.UTF_8)).value();
        assertThat((BigDecimal) header.get("exchange_rate")).isEqualTo(new BigDecimal("1.123456789012"));
    }
}
