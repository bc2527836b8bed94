package io.ledgerline.lag;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.ops.AlertStatus;
import io.ledgerline.ops.LagAlert;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LagAlertsTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private final LagAlerts alerts = new LagAlerts(new LagThresholds(100,
            List.of(new LagThresholds.GroupThreshold(Pattern.compile("analysts-.*"), 3600))));

    private static GroupLag group(String group, double seconds, long committed, long logStart) {
        TopicPartition tp = new TopicPartition("orders", 0);
        long lost = Math.max(0, logStart - committed);
        PartitionLag p = new PartitionLag(group, tp, committed, logStart, 500, 500 - Math.max(committed, logStart), lost,
                seconds, lost > 0 ? LagStatus.ERR : LagStatus.WARN, Trend.RISING, Member.NONE, null);
        return new GroupLag(group, false, List.of(p), p.status(), Trend.RISING, null);
    }

    private List<LagAlert> poll(GroupLag... groups) {
        return alerts.evaluate(List.of(groups), NOW);
    }

    @Test
    void opensAtTheThresholdAndResolvesOnlyBelowHalfOfItWithTheSameId() {
        assertThat(poll(group("app", 99, 10, 0))).isEmpty();
        List<LagAlert> opened = poll(group("app", 100, 10, 0));
        assertThat(opened).singleElement().satisfies(a -> {
            assertThat(a.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(a.getAlertId()).isEqualTo("lag/app/orders");
            assertThat(a.getThresholdSeconds()).isEqualTo(100);
            assertThat(a.getLagOffsets()).isEqualTo(490);
        });
        // hovering around the threshold: no flapping, no second OPEN
        assertThat(poll(group("app", 80, 10, 0))).isEmpty();
        assertThat(poll(group("app", 120, 10, 0))).isEmpty();
        assertThat(poll(group("app", 51, 10, 0))).isEmpty();

        List<LagAlert> resolved = poll(group("app", 10, 10, 0));
        assertThat(resolved).singleElement().satisfies(a -> {
            assertThat(a.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(a.getAlertId()).isEqualTo("lag/app/orders");
        });
        assertThat(poll(group("app", 100, 10, 0))).singleElement()
                .satisfies(a -> assertThat(a.getAlertId()).isEqualTo("lag/app/orders"));
    }

    @Test
    void theThresholdIsPerGroup() {
        assertThat(poll(group("analysts-bi", 3000, 10, 0))).isEmpty();
        assertThat(poll(group("analysts-bi", 3600, 10, 0))).singleElement()
                .satisfies(a -> assertThat(a.getThresholdSeconds()).isEqualTo(3600));
    }

    @Test
    void dataLossOpensAtOnceAndResolvesWhenTheGroupCommitsInsideTheLogAgain() {
        List<LagAlert> opened = poll(group("app", 0, 5, 20));
        assertThat(opened).singleElement().satisfies(a -> {
            assertThat(a.getAlertId()).isEqualTo("data-loss/app/orders/0");
            assertThat(a.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(a.getLagOffsets()).isEqualTo(15);
        });
        assertThat(poll(group("app", 0, 5, 20))).isEmpty();
        assertThat(poll(group("app", 0, 20, 20))).singleElement()
                .satisfies(a -> assertThat(a.getStatus()).isEqualTo(AlertStatus.RESOLVED));
    }

    @Test
    void aGroupThatGoesAwayResolvesItsAlertsAndAnUnreadableOneKeepsThem() {
        poll(group("app", 500, 10, 0));
        GroupLag unreadable = new GroupLag("app", false, List.of(), LagStatus.ERR, Trend.FLAT, "timeout");
        assertThat(poll(unreadable)).isEmpty();
        assertThat(alerts.openIds()).containsExactly("lag/app/orders");

        assertThat(poll()).singleElement().satisfies(a -> {
            assertThat(a.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(a.getGroup()).isEqualTo("app");
        });
        assertThat(alerts.openIds()).isEmpty();
    }

    @Test
    void aPartitionThatCannotBeReadNeitherOpensNorResolves() {
        TopicPartition tp = new TopicPartition("orders", 0);
        GroupLag unreadable = new GroupLag("app", false, List.of(new PartitionLag("app", tp, 10, 0, 0, 0, 0, 0,
                LagStatus.ERR, Trend.FLAT, Member.NONE, "NOT_LEADER_OR_FOLLOWER")), LagStatus.ERR, Trend.FLAT, null);
        assertThat(poll(unreadable)).isEmpty();

        poll(group("app", 500, 10, 0));
        assertThat(poll(unreadable)).isEmpty();
        assertThat(alerts.openIds()).containsExactly("lag/app/orders");
    }
}
