package io.ledgerline.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.ops.WorkflowAlertKind;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertThresholdsTest {

    @Test
    void withoutErpPostingResultsStopsWatchingOnlyWhatWaitsForTheErp() {
        Set<WorkflowAlertKind> erpLoop = EnumSet.of(WorkflowAlertKind.JOURNAL_NOT_POSTED, WorkflowAlertKind.NOT_POSTED,
                WorkflowAlertKind.POSTED_AMOUNT_MISMATCH);
        AlertThresholds without = AlertThresholds.defaults().withoutErpPostingResults();
        assertThat(erpLoop).allMatch(AlertThresholds.defaults()::watches);
        for (WorkflowAlertKind kind : WorkflowAlertKind.values()) {
            boolean byDefault = AlertThresholds.defaults().watches(kind);
            assertThat(without.watches(kind)).as(kind.name()).isEqualTo(byDefault && !erpLoop.contains(kind));
        }
    }
}
