package io.ledgerline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizeResultTest {

    @Test
    void factories() {
        RuntimeException cause = new RuntimeException("boom");
        List<NormalizeResult<String>> results = List.of(
                NormalizeResult.accepted("a"), NormalizeResult.accepted(List.of("b", "c")),
                NormalizeResult.ignored("not needed"), NormalizeResult.rejected("bad"), NormalizeResult.rejected("worse", cause));
        List<String> described = results.stream().map(NormalizeResultTest::describe).toList();
        assertThat(described).containsExactly("accepted [a]", "accepted [b, c]", "ignored not needed", "rejected bad", "rejected worse / boom");
        assertThat(results.get(0).isAccepted()).isTrue();
        assertThat(((NormalizeResult.Accepted<String>) results.get(1)).value()).isEqualTo("b");
        assertThat(results.get(2).values()).isEmpty();
        assertThat(results.get(3).isAccepted()).isFalse();
    }

    private static String describe(NormalizeResult<String> r) {
        if (r instanceof NormalizeResult.Accepted<String> a) {
            return "accepted " + a.values();
        } else if (r instanceof NormalizeResult.Ignored<String> i) {
            return "ignored " + i.reason();
        } else if (r instanceof NormalizeResult.Rejected<String> x) {
            return "rejected " + x.error() + (x.cause() == null ? "" : " / " + x.cause().getMessage());
        }
        throw new AssertionError(r);
    }

    @Test
    void acceptedNeedsAValue() {
        assertThatThrownBy(() -> NormalizeResult.accepted(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
