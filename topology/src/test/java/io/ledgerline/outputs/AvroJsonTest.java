package io.ledgerline.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.common.SourceRef;
import io.ledgerline.journal.EntryType;
import io.ledgerline.journal.JournalEntry;
import io.ledgerline.journal.JournalLine;
import io.ledgerline.journal.Side;
import io.ledgerline.ops.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JournalEntry entry() {
        return JournalEntry.newBuilder()
                .setEntryId("je-1")
                .setEntryType(EntryType.PAYMENT)
                .setLegalEntity("LE-US")
                .setErp("netsuite")
                .setPostingDate("2026-02-10")
                .setPostingPeriod("2026-02")
                .setOriginalPeriod(null)
                .setCurrency("EUR")
                .setFunctionalCurrency("USD")
                .setExchangeRate("1.10")
                .setCorrelationId("sub_1")
                .setReversesEntryId("je-0")
                .setSource(SourceRef.newBuilder().setSystem("stripe").setObjectType("invoice_payment")
                        .setObjectId("inpay_1").setEventId("evt_1").build())
                .setLines(List.of(
                        JournalLine.newBuilder().setRole("CASH").setAccountCode("1000").setSide(Side.DEBIT)
                                .setAmountMinor(100_000L).setFunctionalAmountMinor(110_000L).setCustomerId("C-1")
                                .build(),
                        JournalLine.newBuilder().setRole("FX_GAIN_LOSS").setAccountCode("7900").setSide(Side.CREDIT)
                                .setAmountMinor(0L).setFunctionalAmountMinor(2_000L).setMemo("fx")
                                .build()))
                .build();
    }

    @Test
    void rendersJournalEntryWithPlainFieldNames() throws Exception {
        ObjectNode json = AvroJson.toJson(entry());

        assertThat(json.get("entryId").asText()).isEqualTo("je-1");
        // enum as its symbol
        assertThat(json.get("entryType").isTextual()).isTrue();
        assertThat(json.get("entryType").asText()).isEqualTo("PAYMENT");
        // null union fields are omitted, non-null unions are their plain value
        assertThat(json.has("originalPeriod")).isFalse();
        assertThat(json.has("accountId")).isFalse();
        assertThat(json.get("reversesEntryId").isTextual()).isTrue();
        assertThat(json.get("reversesEntryId").asText()).isEqualTo("je-0");
        // nested record
        assertThat(json.get("source")).isEqualTo(MAPPER.readTree(
                "{\"system\":\"stripe\",\"objectType\":\"invoice_payment\",\"objectId\":\"inpay_1\",\"eventId\":\"evt_1\"}"));
        // array of records, longs as numbers, nulls omitted per line
        JsonNode lines = json.get("lines");
        assertThat(lines.isArray()).isTrue();
        assertThat(lines).hasSize(2);
        // compared as parsed text: Jackson's IntNode and LongNode are never equal as nodes
        assertThat(MAPPER.readTree(lines.get(0).toString())).isEqualTo(MAPPER.readTree("{\"role\":\"CASH\",\"accountCode\":\"1000\","
                + "\"side\":\"DEBIT\",\"amountMinor\":100000,\"functionalAmountMinor\":110000,\"customerId\":\"C-1\"}"));
        assertThat(lines.get(1).get("amountMinor").isIntegralNumber()).isTrue();
        assertThat(lines.get(1).get("memo").asText()).isEqualTo("fx");
        assertThat(lines.get(1).has("productId")).isFalse();
        // no Avro JSON-encoding wrappers anywhere
        assertThat(MAPPER.writeValueAsString(json)).doesNotContain("{\"string\"").doesNotContain("{\"long\"");
    }

    @Test
    void genericAndSpecificRecordsRenderTheSame() {
        JournalEntry specific = entry();
        GenericRecord generic = (GenericRecord) GenericData.get().deepCopy(specific.getSchema(), specific);

        assertThat(AvroJson.toJson(generic)).isEqualTo(AvroJson.toJson(specific));
    }

    @Test
    void rendersBytesAsBase64AndLeavesTheBufferUntouched() {
        byte[] original = "{\"broken".getBytes(StandardCharsets.UTF_8);
        ByteBuffer value = ByteBuffer.wrap(original);
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic("raw.billing.stripe.events")
                .setSourcePartition(3)
                .setSourceOffset(42L)
                .setSourceTimestamp(1_768_408_800_000L)
                .setKey(null)
                .setValue(value)
                .setError("Unexpected end-of-input")
                .setErrorClass("com.fasterxml.jackson.core.io.JsonEOFException")
                .setStage("ingest")
                .build();

        ObjectNode json = AvroJson.toJson(letter);

        assertThat(json.get("value").asText()).isEqualTo(Base64.getEncoder().encodeToString(original));
        assertThat(json.has("key")).isFalse();
        assertThat(json.get("sourcePartition").asInt()).isEqualTo(3);
        assertThat(json.get("sourceOffset").isIntegralNumber()).isTrue();
        assertThat(json.get("sourceOffset").asLong()).isEqualTo(42L);
        assertThat(value.remaining()).isEqualTo(original.length);
    }

    @Test
    void rendersMapsMultiBranchUnionsAndTimestamps() {
        Schema schema = new Schema.Parser().parse("""
                {"type":"record","name":"Sample","namespace":"test","fields":[
                  {"name":"tags","type":{"type":"map","values":"long"}},
                  {"name":"either","type":["null","long","string"]},
                  {"name":"other","type":["null","long","string"]},
                  {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
                  {"name":"maybeAt","type":["null",{"type":"long","logicalType":"timestamp-millis"}]},
                  {"name":"ratio","type":"double"},
                  {"name":"flag","type":"boolean"},
                  {"name":"color","type":["null",{"type":"enum","name":"Color","symbols":["RED","GREEN"]}]}
                ]}""");
        GenericRecord record = new GenericData.Record(schema);
        record.put("tags", Map.of(new org.apache.avro.util.Utf8("a"), 1L));
        record.put("either", 7L);
        record.put("other", new org.apache.avro.util.Utf8("text"));
        record.put("at", 1_768_408_800_000L);
        record.put("maybeAt", null);
        record.put("ratio", 1.5);
        record.put("flag", true);
        record.put("color", new GenericData.EnumSymbol(schema.getField("color").schema().getTypes().get(1), "GREEN"));

        ObjectNode json = AvroJson.toJson(record);

        assertThat(json.get("tags").get("a").asLong()).isEqualTo(1L);
        assertThat(json.get("either").isIntegralNumber()).isTrue();
        assertThat(json.get("either").asLong()).isEqualTo(7L);
        assertThat(json.get("other").asText()).isEqualTo("text");
        assertThat(json.get("at").asText()).isEqualTo(Instant.ofEpochMilli(1_768_408_800_000L).toString());
        assertThat(json.has("maybeAt")).isFalse();
        assertThat(json.get("ratio").asDouble()).isEqualTo(1.5);
        assertThat(json.get("flag").asBoolean()).isTrue();
        assertThat(json.get("color").asText()).isEqualTo("GREEN");
    }
}
