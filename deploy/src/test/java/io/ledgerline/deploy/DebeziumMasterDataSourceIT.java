package io.ledgerline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.canonical.FxRate;
import io.ledgerline.canonical.LegalEntity;
import io.ledgerline.canonical.MasterDataRecord;
import io.ledgerline.deploy.support.ConnectorFiles;
import io.ledgerline.deploy.support.InProcessConnect;
import io.ledgerline.deploy.support.Postgres;
import io.ledgerline.ingest.ErpMasterDataNormalizer;
import io.ledgerline.ingest.NormalizeResult;
import io.ledgerline.names.Topics;
import io.ledgerline.runtime.EmbeddedKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * ERP master data through Debezium's PostgreSQL source for real: the production connector config (only the
 * connection replaced) over the tables of deploy/sql/erp_masterdata.sql. A row there before the connector starts
 * (snapshot) and one inserted while it streams (logical decoding) both reach raw.erp.masterdata in the shape
 * ErpMasterDataNormalizer reads, and the normaliser accepts them.
 */
class DebeziumMasterDataSourceIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anInsertedMasterDataRowReachesTheRawTopicInTheNormalisersShape() throws Exception {
        Postgres pg = Postgres.fromEnvironment().assumeReachable().ensureLogicalWal();
        Map<String, String> config = new LinkedHashMap<>(ConnectorFiles.production("erp-masterdata-source.json"));
        String slot = config.get("slot.name");
        pg.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot
                + "' AND NOT active");
        pg.execute("DROP PUBLICATION IF EXISTS " + config.get("publication.name"));
        pg.execute("DROP SCHEMA IF EXISTS erp CASCADE");
        pg.runScript(Path.of("sql/erp_masterdata.sql"));
        pg.execute("INSERT INTO erp.legal_entity VALUES ('LE-NL', 'Ledgerline NL B.V.', 'EUR', 'NetSuite', NULL)");

        Path dir = Files.createTempDirectory("ledgerline-debezium-it-");
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            kafka.createTopics(List.of(Topics.RAW_ERP_MASTERDATA), 2);
            try (InProcessConnect connect = InProcessConnect.start(kafka.bootstrapServers(), dir, Map.of());
                 KafkaConsumer<byte[], byte[]> consumer = consumer(kafka)) {
                config.put("database.hostname", pg.host());
                config.put("database.port", Integer.toString(pg.port()));
                config.put("database.dbname", pg.database());
                config.put("database.user", pg.user);
                config.put("database.password", pg.password);
                config.put("slot.drop.on.stop", "true");
                connect.createConnector(config);

                List<ConsumerRecord<byte[], byte[]>> received = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    assertThat(connect.status(config.get("name"))).doesNotContain("FAILED");
                    consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                    assertThat(received).as("the snapshot's row").isNotEmpty();
                });
                // the row of the snapshot, as the normaliser reads it
                JsonNode snapshot = JSON.readTree(received.get(0).value());
                assertThat(snapshot.get("type").asText()).isEqualTo("legal_entity");
                assertThat(snapshot.get("legalEntity").asText()).isEqualTo("LE-NL");
                LegalEntity entity = (LegalEntity) accepted(received.get(0).value()).getPayload();
                assertThat(entity.getFunctionalCurrency()).isEqualTo("EUR");
                assertThat(entity.getErp()).as("trimmed and lower-cased").isEqualTo("netsuite");
                assertThat(new String(received.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("\"legal_entity\"");

                // a row inserted while the connector streams: logical decoding, a date and an exact decimal
                pg.execute("INSERT INTO erp.fx_rate VALUES ('EUR', 'USD', DATE '2026-03-01', 1.0825)");
                received.clear();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                    assertThat(received).isNotEmpty();
                });
                JsonNode streamed = JSON.readTree(received.get(0).value());
                assertThat(streamed.get("type").asText()).isEqualTo("fx_rate");
                assertThat(streamed.get("date").asText()).isEqualTo("2026-03-01");
                assertThat(streamed.get("deleted").asBoolean(true)).isFalse();
                MasterDataRecord rate = accepted(received.get(0).value());
                assertThat(rate.getKey()).isEqualTo("fx_rate:EUR:USD:2026-03-01");
                assertThat(new java.math.BigDecimal(((FxRate) rate.getPayload()).getRate()))
                        .isEqualByComparingTo("1.0825");
            }
        } finally {
            Utils.delete(dir.toFile());
        }
    }

    private static MasterDataRecord accepted(byte[] value) {
        NormalizeResult<MasterDataRecord> result = new ErpMasterDataNormalizer().normalize(value);
        assertThat(result).as(new String(value, StandardCharsets.UTF_8)).isInstanceOf(NormalizeResult.Accepted.class);
        return ((NormalizeResult.Accepted<MasterDataRecord>) result).value();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafkaCluster kafka) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put("group.id", "debezium-it");
        config.put("auto.offset.reset", "earliest");
        config.put("isolation.level", "read_committed");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.RAW_ERP_MASTERDATA));
        return consumer;
    }
}
