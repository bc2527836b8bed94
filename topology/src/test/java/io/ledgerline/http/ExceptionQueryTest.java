package io.ledgerline.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExceptionQueryTest {

    @Test
    void parsesFiltersAndPageWithDefaults() {
        ExceptionQuery query = ExceptionQuery.of(call("status=open&reason=UNKNOWN_CROSSWALK&account=001%20A"));

        assertThat(query).isEqualTo(new ExceptionQuery("OPEN", "UNKNOWN_CROSSWALK", "001 A", 0,
                ExceptionQuery.DEFAULT_LIMIT));
        assertThat(ExceptionQuery.of(call(null))).isEqualTo(new ExceptionQuery(null, null, null, 0, 50));
    }

    @Test
    void rejectsWhatItCannotAnswerNamingTheParameter() {
        assertThatThrownBy(() -> ExceptionQuery.of(call("status=LOST"))).hasMessageContaining("Unknown status LOST");
        assertThatThrownBy(() -> ExceptionQuery.of(call("limit=0"))).hasMessageContaining("limit");
        assertThatThrownBy(() -> ExceptionQuery.of(call("limit=501"))).hasMessageContaining("limit");
        assertThatThrownBy(() -> ExceptionQuery.of(call("offset=-1"))).hasMessageContaining("offset");
        assertThatThrownBy(() -> ExceptionQuery.of(call("offset=ten"))).hasMessageContaining("whole number");
    }

    @Test
    void peersAreAskedForEverythingUpToTheEndOfThePageAndMayExceedTheClientLimit() {
        ExceptionQuery peers = ExceptionQuery.of(call("status=OPEN&offset=480&limit=100")).forPeers();

        assertThat(peers).isEqualTo(new ExceptionQuery("OPEN", null, null, 0, 580));
        assertThat(ExceptionQuery.of(call(peers.queryString() + "&scope=local"))).isEqualTo(peers);
    }

    @Test
    void pagesOldestFirstWithTheIdAsTieBreakerAndEventTimeWhenNeverSeen() {
        ObjectNode b = exception("b", "2024-01-02T00:00:00Z");
        ObjectNode a = exception("a", "2024-01-02T00:00:00Z");
        ObjectNode older = exception("z", "2024-01-01T23:59:59.500Z");
        ObjectNode unseen = exception("c", null);

        ExceptionQuery firstTwo = new ExceptionQuery(null, null, null, 0, 2);
        ExceptionQuery rest = new ExceptionQuery(null, null, null, 2, 2);

        assertThat(firstTwo.page(List.of(b, unseen, a, older))).containsExactly(unseen, older);
        assertThat(rest.page(List.of(a, older, b, unseen))).containsExactly(a, b);
    }

    @Test
    void matchesStatusReasonAndAccountExactly() {
        ObjectNode open = exception("a", null).put("status", "OPEN").put("reason", "CDC_GAP").put("accountId", "001");

        assertThat(new ExceptionQuery("OPEN", "CDC_GAP", "001", 0, 1).matches(open)).isTrue();
        assertThat(new ExceptionQuery("DISMISSED", null, null, 0, 1).matches(open)).isFalse();
        assertThat(new ExceptionQuery(null, "CDC", null, 0, 1).matches(open)).isFalse();
        assertThat(new ExceptionQuery(null, null, "002", 0, 1).matches(open)).isFalse();
    }

    private static ObjectNode exception(String id, String firstSeen) {
        ObjectNode node = HttpReply.JSON.createObjectNode().put("exceptionId", id)
                .put("eventTime", "2023-12-01T00:00:00Z");
        return firstSeen == null ? node : node.put("firstSeen", firstSeen);
    }

    private static HttpCall call(String query) {
        return new HttpCall("GET", "/exceptions", Map.of(), query, Map.of(), "");
    }
}
