package io.ledgerline.ingest;

import static io.ledgerline.ingest.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.canonical.PostingResult;
import io.ledgerline.canonical.PostingStatus;
import org.junit.jupiter.api.Test;

class PostingResultNormalizerTest {

    private final PostingResultNormalizer normalizer = new PostingResultNormalizer();

    private String reject(String json) {
        NormalizeResult<PostingResult> result = normalizer.normalize(bytes(json));
        assertThat(result).isInstanceOf(NormalizeResult.Rejected.class);
        return ((NormalizeResult.Rejected<PostingResult>) result).error();
    }

    @Test
    void posted() {
        NormalizeResult<PostingResult> result = normalizer.normalize(bytes(
                "{\"entryId\":\"je-123\",\"status\":\"POSTED\",\"erpDocumentNumber\":\"JE-2026-0001\",\"reason\":null,\"at\":\"2026-01-15T10:00:00Z\"}"));
        assertThat(result.values()).containsExactly(PostingResult.newBuilder().setEntryId("je-123").setStatus(PostingStatus.POSTED)
                .setErpDocumentNumber("JE-2026-0001").setReason(null).setAt("2026-01-15T10:00:00Z").build());
    }

    @Test
    void rejectedByTheErp() {
        PostingResult result = normalizer.normalize(bytes(
                "{\"entryId\":\"je-9\",\"status\":\"REJECTED\",\"reason\":\"period closed\"}")).values().get(0);
        assertThat(result.getStatus()).isEqualTo(PostingStatus.REJECTED);
        assertThat(result.getReason()).isEqualTo("period closed");
        assertThat(result.getErpDocumentNumber()).isNull();
        assertThat(result.getAt()).isNull();
    }

    @Test
    void invalid() {
        assertThat(reject("{\"status\":\"POSTED\"}")).isEqualTo("erp posting result: entryId missing");
        assertThat(reject("{\"entryId\":\"je-1\",\"status\":\"DONE\"}"))
                .isEqualTo("erp posting result for entry je-1: status 'DONE' is neither POSTED nor REJECTED");
        assertThat(reject("{\"entryId\":\"je-1\"}")).isEqualTo("erp posting result for entry je-1: status missing");
        assertThat(reject("{\"entryId\":{\"id\":1},\"status\":\"POSTED\"}")).isEqualTo("erp posting result: entryId must be a string but is object");
        assertThat(reject("nope")).startsWith("erp posting result: not valid JSON");
    }
}
