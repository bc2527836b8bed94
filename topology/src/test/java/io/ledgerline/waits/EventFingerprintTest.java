package io.ledgerline.waits;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.ingest.NormalizeResult;
import io.ledgerline.ingest.StripeEventNormalizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventFingerprintTest {

    private static final Path BASIC_STRIPE_EVENTS = Path.of("..", "fixtures", "basic", "stripe-events.jsonl");

    private static CanonicalEvent normalize(String line) {
        NormalizeResult<CanonicalEvent> result = new StripeEventNormalizer().normalize(line.getBytes(StandardCharsets.UTF_8));
        assertThat(result).isInstanceOf(NormalizeResult.Accepted.class);
        return ((NormalizeResult.Accepted<CanonicalEvent>) result).value();
    }

    @Test
    void theSameContentGivesTheSameFingerprintWhicheverAccountItWasResolvedTo() throws IOException {
        for (String line : Files.readAllLines(BASIC_STRIPE_EVENTS)) {
            if (line.contains("\"type\":\"invoice.finalized\"")) {
                CanonicalEvent first = normalize(line);
                CanonicalEvent redelivered = normalize(line);
                redelivered.setAccountId("001SOMEOTHERACCOUNT");
                assertThat(EventFingerprint.of(redelivered)).isEqualTo(EventFingerprint.of(first)).hasSize(32);
            }
        }
    }

    @Test
    void anyDifferenceInWhatTheEventSaysChangesIt() throws IOException {
        List<String> lines = Files.readAllLines(BASIC_STRIPE_EVENTS);
        Set<String> fingerprints = new HashSet<>();
        int distinct = 0;
        Set<String> contents = new HashSet<>();
        for (String line : lines) {
            NormalizeResult<CanonicalEvent> result = new StripeEventNormalizer().normalize(line.getBytes(StandardCharsets.UTF_8));
            if (result instanceof NormalizeResult.Accepted<CanonicalEvent> accepted) {
                CanonicalEvent event = accepted.value();
                if (contents.add(event.getEventType() + event.getEventTime() + event.getPayload())) {
                    distinct++;
                    fingerprints.add(EventFingerprint.of(event));
                }
            }
        }
        assertThat(fingerprints).hasSize(distinct);
        String line = lines.stream().filter(l -> l.contains("\"type\":\"invoice.finalized\"")).findFirst().orElseThrow();
        String changedAmount = line.replaceFirst("\"amount_due\":(\\d+)", "\"amount_due\":$11");
        assertThat(changedAmount).isNotEqualTo(line);
        assertThat(EventFingerprint.of(normalize(changedAmount))).isNotEqualTo(EventFingerprint.of(normalize(line)));
    }
}
