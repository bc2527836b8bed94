package io.ledgerline.ingest;

import static io.ledgerline.ingest.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.PostingResult;
import io.ledgerline.common.SourceSystem;
import java.time.Instant;
import io.ledgerline.canonical.PostingStatus;
import org.junit.jupiter.api.Test;

class PostingResultNormalizerTest {

    private final PostingResultNormalizer normalizer = new PostingResultNormalizer();

    private String reject(String json) {
        NormalizeResult<CanonicalEvent> result = normalizer.normalize(bytes(json));
        assertThat(result).isInstanceOf(NormalizeResult.Rejected.class);
        return ((NormalizeResult.Rejected<CanonicalEvent>) result).error();
    }

    @Test
    void posted() {
        NormalizeResult<CanonicalEvent> result = normalizer.normalize(bytes(
                "{\"entryId\":\"je-123\",\"status\":\"POSTED\",\"erpDocumentNumber\":\"JE-2026-0001\",\"reason\":null,\"at\":\"2026-01-15T10:00:00Z\"}"));
        CanonicalEvent event = result.values().get(0);
        assertThat(event.getPayload()).isEqualTo(PostingResult.newBuilder().setEntryId("je-123").setStatus(PostingStatus.POSTED)
                .setErpDocumentNumber("JE-2026-0001").setReason(null).setAt("2026-01-15T10:00:00Z").build());
        // the id names entry, outcome and time: a redelivery is a duplicate, a second outcome an event of its own
        assertThat(event.getEventId()).isEqualTo("erp:posting-result:je-123:POSTED:2026-01-15T10:00:00Z");
        assertThat(event.getSourceSystem()).isEqualTo(SourceSystem.ERP);
        assertThat(event.getEventTime()).isEqualTo(Instant.parse("2026-01-15T10:00:00Z"));
        assertThat(event.getAccountId()).isNull();
    }

    @Test
    void rejectedByTheErp() {
        PostingResult result = (PostingResult) normalizer.normalize(bytes(
                "{\"entryId\":\"je-9\",\"status\":\"REJECTED\",\"reason\":\"period closed\",\"at\":\"2026-02-01T00:00:00+01:00\"}"))
                .values().get(0).getPayload();
        assertThat(result.getStatus()).isEqualTo(PostingStatus.REJECTED);
        assertThat(result.getReason()).isEqualTo("period closed");
        assertThat(result.getErpDocumentNumber()).isNull();
    }

    @Test
    void invalid() {
        assertThat(reject("{\"status\":\"POSTED\"}")).isEqualTo("erp posting result: entryId missing");
        assertThat(reject("{\"entryId\":\"je-1\",\"status\":\"DONE\"}"))
                .isEqualTo("erp posting result for entry je-1: status 'DONE' is neither POSTED nor REJECTED");
        assertThat(reject("{\"entryId\":\"je-1\"}")).isEqualTo("erp posting result for entry je-1: status missing");
        assertThat(reject("{\"entryId\":{\"id\":1},\"status\":\"POSTED\"}")).isEqualTo("erp posting result: entryId must be a string but is object");
        assertThat(reject("nope")).startsWith("erp posting result: not valid JSON");
        // without a time, two results for one entry could not be ordered
        assertThat(reject("{\"entryId\":\"je-1\",\"status\":\"REJECTED\"}")).isEqualTo("erp posting result for entry je-1: at missing");
        assertThat(reject("{\"entryId\":\"je-1\",\"status\":\"REJECTED\",\"at\":\"2026-02-01\"}"))
                .isEqualTo("erp posting result for entry je-1: at '2026-02-01' is not an ISO-8601 date-time with an offset");
    }
}
