package io.ledgerline.topology;

import io.ledgerline.names.Topics;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.journal.JournalEntry;
import io.ledgerline.ops.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BadInputTopologyTest {

    private final TopologyHarness harness = new TopologyHarness(Instant.parse("2026-07-01T00:00:00Z"));

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void undecodableInputBecomesDeadLettersWithItsBytesAndTheStreamKeepsGoing() {
        harness.masterData(TopologyHarness.lines(TopologyHarness.BASIC.resolve("erp-masterdata.jsonl")));
        harness.billing(List.of("this is not json"));
        harness.masterData(List.of("{\"type\":\"legal_entity\",\"legalEntity\":\"LE-X\"}"));
        harness.pipeRaw(Topics.CANONICAL_EVENTS, "not avro".getBytes(StandardCharsets.UTF_8));
        harness.feed(TopologyHarness.BASIC);

        List<DeadLetter> letters = harness.deadLetters();
        assertThat(letters).hasSize(3);
        assertThat(letters).anySatisfy(l -> {
            assertThat(l.getSourceTopic()).isEqualTo(Topics.RAW_BILLING_EVENTS);
            assertThat(StandardCharsets.UTF_8.decode(l.getValue()).toString()).isEqualTo("this is not json");
            assertThat(l.getStage()).isEqualTo("stripe-events");
        });
        assertThat(letters).anySatisfy(l -> {
            assertThat(l.getSourceTopic()).isEqualTo(Topics.RAW_ERP_MASTERDATA);
            assertThat(l.getError()).contains("legal_entity").contains("missing");
        });
        assertThat(letters).anySatisfy(l -> {
            assertThat(l.getSourceTopic()).isEqualTo(Topics.CANONICAL_EVENTS);
            assertThat(l.getStage()).startsWith("deserialization");
        });
        // everything after the bad records was still booked
        List<JournalEntry> netsuite = harness.journal("netsuite");
        assertThat(netsuite).extracting(e -> e.getSource().getObjectId()).contains("in_Acme0001", "inpay_e547de4f9fec164d");
    }

    @Test
    void unknownStripeEventTypesAreSkippedNotDeadLettered() {
        harness.billing(List.of("{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"payment_intent.created\",\"created\":1768408800,"
                + "\"data\":{\"object\":{\"id\":\"pi_1\",\"object\":\"payment_intent\"}}}"));
        assertThat(harness.deadLetters()).isEmpty();
    }
}
